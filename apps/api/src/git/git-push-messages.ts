import type { Locale } from '@dmlg/db';

/**
 * Lines a push shows (as `remote: `), in the pusher's language. Validation reasons come from
 * the upload path, in the pusher's language too.
 */
export const GIT_PUSH_MESSAGES = {
  en: {
    received: (id: string, slug: string, files: number) =>
      `DML Grader: submission ${id} received for ${slug} (${files} file${files === 1 ? '' : 's'}), queued for grading`,
    link: (url: string) => `  details: ${url}`,
    refused: (reason: string) => `DML Grader rejected this push: ${reason}`,
    waiting: (seconds: number) => `  waiting up to ${seconds} s for the grade...`,
    graded: (score: string) => `  graded: score ${score} / 100`,
    failed: (reason: string) => `  grading failed: ${reason}`,
    cancelled: () => '  cancelled before it was graded',
    notYet: (status: string) =>
      `  not graded yet (${status}); the grade will appear at the link above`,
    mainDeleted: () =>
      'DML Grader rejected this push: main cannot be deleted; push a new commit to it instead',
    unreachable: (reason: string) =>
      `DML Grader could not check this push (${reason}); try again in a minute or upload on the web`,
  },
  lv: {
    received: (id: string, slug: string, files: number) =>
      `DML Grader: iesniegums ${id} saņemts uzdevumam ${slug} (${files} ${files % 10 === 1 && files % 100 !== 11 ? 'fails' : 'faili'}), ievietots vērtēšanas rindā`,
    link: (url: string) => `  sīkāk: ${url}`,
    refused: (reason: string) => `DML Grader noraidīja šo push: ${reason}`,
    waiting: (seconds: number) => `  gaida vērtējumu līdz ${seconds} s...`,
    graded: (score: string) => `  novērtēts: ${score} / 100 punkti`,
    failed: (reason: string) => `  vērtēšana neizdevās: ${reason}`,
    cancelled: () => '  atcelts pirms novērtēšanas',
    notYet: (status: string) =>
      `  vēl nav novērtēts (${status}); vērtējums parādīsies saitē augstāk`,
    mainDeleted: () =>
      'DML Grader noraidīja šo push: zaru main nevar dzēst; tā vietā iesūti tajā jaunu revīziju',
    unreachable: (reason: string) =>
      `DML Grader nevarēja pārbaudīt šo push (${reason}); mēģini vēlreiz pēc minūtes vai augšupielādē tīmeklī`,
  },
} satisfies Record<Locale, Record<string, (...args: never[]) => string>>;
