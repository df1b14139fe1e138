/** Languages of the CLI's messages; the server's check messages come in the same language. */
export type CliLocale = 'en' | 'lv';

/**
 * Chooses the user's language from the POSIX locale variables, in their order of precedence (LC_ALL,
 * then LC_MESSAGES, then LANG): Latvian for `lv` or `lv_LV.UTF-8`, English otherwise.
 */
export function chooseCliLocale(environment: NodeJS.ProcessEnv = process.env): CliLocale {
  const value = environment.LC_ALL || environment.LC_MESSAGES || environment.LANG || '';
  return /^lv([_.@-]|$)/i.test(value) ? 'lv' : 'en';
}

/** Latvian nouns take the singular after numbers ending in 1, except those ending in 11. */
export function latvianSingular(count: number): boolean {
  return count % 10 === 1 && count % 100 !== 11;
}

const en = {
  usage: `usage: dmlg <command> [options]

Commands:
  login [--url URL] [--email EMAIL] [--token TOKEN]
                                 store a personal access token (asks for the password when no
                                 token is given; reads it from stdin when that is not a terminal)
  logout                         forget the stored token
  assignments                    your assignments, deadlines and best scores
  submit <assignment> <path>     submit a .py, .ipynb, .zip, .tar.gz or a folder and wait for
                                 the grade [--timeout SECONDS] [--no-wait]
  status [submission-id]         one submission's checks, or your latest submission of each
                                 assignment
  check <assignment> <path>      run the assignment's public tests on your computer
                                 [--python PYTHON]
  grade <assignment> <path>      submit and print the graded submission as JSON
                                 [--timeout SECONDS] [--table]

Every command takes --json (machine-readable output on stdout) and --url URL.
Environment: DMLG_URL, DMLG_TOKEN, DMLG_PYTHON; the language follows LC_ALL, LC_MESSAGES, LANG.
Exit codes: 0 done, 1 not graded, grading failed or tests failed, 2 usage, login or connection error.`,
  unknownCommand: (command: string) => `unknown command "${command}"; run dmlg --help`,
  unexpectedArgument: (argument: string) => `unexpected argument ${argument}; run dmlg --help`,
  missingArguments: (usage: string) => `missing arguments: dmlg ${usage}`,
  optionNeedsValue: (option: string) => `${option} needs a value`,
  badTimeout: (value: string) => `--timeout must be a positive number of seconds, got ${value}`,
  pathMissing: (path: string) =>
    `${path} does not exist: give the path of your file or of the folder that contains it`,
  cannotReach: (url: string, reason: string) =>
    `cannot reach ${url}: ${reason}. Is the server running, and is the URL right (--url or DMLG_URL)?`,
  requestFailed: (what: string, status: number, message: string) =>
    `${what} failed with ${status}: ${message}`,
  notLoggedIn: (file: string) =>
    `not logged in: run dmlg login (the token is stored in ${file}), or set DMLG_TOKEN`,
  tokenRejected: 'the server refused the token; run dmlg login again',
  emailPrompt: 'E-mail: ',
  passwordPrompt: 'Password: ',
  emailMissing: 'give your e-mail address with --email',
  passwordMissing: 'no password given; type it, or pipe it on stdin',
  loggedIn: (email: string, url: string, file: string) =>
    `logged in to ${url} as ${email}; token stored in ${file}`,
  loggedOut: (file: string) => `logged out; removed ${file}`,
  notStored: 'no stored token; nothing to do',
  noAssignments: 'no assignments: you are not enrolled in a course yet',
  assignmentHeader: ['assignment', 'title', 'deadline', 'best', 'submissions'],
  submitted: (files: number, id: string) =>
    `submitted ${files} ${files === 1 ? 'file' : 'files'} as ${id}; waiting for the grade`,
  submittedNoWait: (id: string) => `submitted as ${id}; see dmlg status ${id}`,
  progress: (status: string, seconds: number) => `${status} (${seconds} s)`,
  statusNames: {
    queued: 'queued',
    running: 'running',
    graded: 'graded',
    failed: 'failed',
    cancelled: 'cancelled',
  },
  notGradedInTime: (seconds: number, status: string, id: string) =>
    `not graded within ${seconds} s (status ${status}); check again with dmlg status ${id}`,
  submissionLine: (id: string, status: string, score: string) =>
    `submission ${id}: ${status}, score ${score} / 100`,
  checkHeader: ['check', 'weight', 'score %', 'value', 'reference'],
  failure: (reason: string) => `failure: ${reason}`,
  noSubmissions: 'no submissions yet',
  statusHeader: ['assignment', 'submission', 'status', 'score', 'submitted'],
  noPublicTests: (slug: string, folder: string) =>
    `assignment ${slug} has no public tests in ${folder}`,
  unknownAssignment: (slug: string, known: string) => `unknown assignment ${slug}; known: ${known}`,
  pythonMissing: (python: string) =>
    `cannot run ${python}: install Python 3 with numpy, or name your interpreter with --python or DMLG_PYTHON`,
  checksPassed: (slug: string) => `public tests of ${slug} passed`,
  checksFailed: (slug: string) =>
    `public tests of ${slug} failed; the output above says which and why`,
};

type Messages = typeof en;

const lv: Messages = {
  usage: `lietošana: dmlg <komanda> [opcijas]

Komandas:
  login [--url URL] [--email E-PASTS] [--token PILNVARA]
                                 saglabā personiskās piekļuves pilnvaru (bez pilnvaras prasa
                                 paroli; ja stdin nav terminālis, nolasa to no stdin)
  logout                         aizmirst saglabāto pilnvaru
  assignments                    tavi uzdevumi, termiņi un labākie vērtējumi
  submit <uzdevums> <ceļš>       iesniedz .py, .ipynb, .zip, .tar.gz vai mapi un gaida vērtējumu
                                 [--timeout SEKUNDES] [--no-wait]
  status [iesnieguma-id]         viena iesnieguma pārbaudes vai katra uzdevuma pēdējais
                                 iesniegums
  check <uzdevums> <ceļš>        palaiž uzdevuma publiskos testus tavā datorā
                                 [--python PYTHON]
  grade <uzdevums> <ceļš>        iesniedz un izdrukā novērtēto iesniegumu kā JSON
                                 [--timeout SEKUNDES] [--table]

Katrai komandai ir --json (mašīnlasāma izvade stdout) un --url URL.
Vide: DMLG_URL, DMLG_TOKEN, DMLG_PYTHON; valodu nosaka LC_ALL, LC_MESSAGES, LANG.
Izejas kodi: 0 izdevās, 1 nav novērtēts, vērtēšana vai testi neizdevās, 2 lietošanas, pieteikšanās vai savienojuma kļūda.`,
  unknownCommand: (command) => `nezināma komanda "${command}"; palaid dmlg --help`,
  unexpectedArgument: (argument) => `negaidīts arguments ${argument}; palaid dmlg --help`,
  missingArguments: (usage) => `trūkst argumentu: dmlg ${usage}`,
  optionNeedsValue: (option) => `${option} vajag vērtību`,
  badTimeout: (value) => `--timeout jābūt pozitīvam sekunžu skaitam, nevis ${value}`,
  pathMissing: (path) =>
    `${path} neeksistē: norādi sava faila ceļu vai tās mapes ceļu, kurā tas atrodas`,
  cannotReach: (url, reason) =>
    `nevar sasniegt ${url}: ${reason}. Vai serveris darbojas un vai URL ir pareizs (--url vai DMLG_URL)?`,
  requestFailed: (what, status, message) => `${what} neizdevās ar ${status}: ${message}`,
  notLoggedIn: (file) =>
    `nav pieteicies: palaid dmlg login (pilnvara tiek glabāta ${file}) vai iestati DMLG_TOKEN`,
  tokenRejected: 'serveris noraidīja pilnvaru; palaid dmlg login vēlreiz',
  emailPrompt: 'E-pasts: ',
  passwordPrompt: 'Parole: ',
  emailMissing: 'norādi savu e-pasta adresi ar --email',
  passwordMissing: 'parole nav norādīta; ieraksti to vai padod caur stdin',
  loggedIn: (email, url, file) => `pieteicies ${url} kā ${email}; pilnvara saglabāta ${file}`,
  loggedOut: (file) => `izrakstījies; ${file} dzēsts`,
  notStored: 'nav saglabātas pilnvaras; nav ko darīt',
  noAssignments: 'nav uzdevumu: tu vēl neesi pierakstīts nevienā kursā',
  assignmentHeader: ['uzdevums', 'nosaukums', 'termiņš', 'labākais', 'iesniegumi'],
  submitted: (files, id) =>
    latvianSingular(files)
      ? `iesniegts ${files} fails kā ${id}; gaida vērtējumu`
      : `iesniegti ${files} faili kā ${id}; gaida vērtējumu`,
  submittedNoWait: (id) => `iesniegts kā ${id}; skaties dmlg status ${id}`,
  progress: (status, seconds) => `${status} (${seconds} s)`,
  statusNames: {
    queued: 'rindā',
    running: 'izpildās',
    graded: 'novērtēts',
    failed: 'neizdevās',
    cancelled: 'atcelts',
  },
  notGradedInTime: (seconds, status, id) =>
    `nav novērtēts ${seconds} s laikā (statuss ${status}); pārbaudi vēlāk ar dmlg status ${id}`,
  submissionLine: (id, status, score) => `iesniegums ${id}: ${status}, vērtējums ${score} / 100`,
  checkHeader: ['pārbaude', 'svars', 'punkti %', 'vērtība', 'atsauce'],
  failure: (reason) => `kļūme: ${reason}`,
  noSubmissions: 'vēl nav iesniegumu',
  statusHeader: ['uzdevums', 'iesniegums', 'statuss', 'vērtējums', 'iesniegts'],
  noPublicTests: (slug, folder) => `uzdevumam ${slug} nav publisko testu mapē ${folder}`,
  unknownAssignment: (slug, known) => `nezināms uzdevums ${slug}; zināmie: ${known}`,
  pythonMissing: (python) =>
    `nevar palaist ${python}: uzstādi Python 3 ar numpy vai norādi savu interpretatoru ar --python vai DMLG_PYTHON`,
  checksPassed: (slug) => `uzdevuma ${slug} publiskie testi izdevās`,
  checksFailed: (slug) =>
    `uzdevuma ${slug} publiskie testi neizdevās; izvade augstāk parāda, kuri un kāpēc`,
};

export type CliMessages = Messages;

export const CLI_MESSAGES: Record<CliLocale, Messages> = { en, lv };
