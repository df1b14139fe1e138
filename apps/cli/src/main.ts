import { CliError } from './api-client';
import { CliContext, parseArguments } from './cli-context';
import { CLI_MESSAGES, chooseCliLocale } from './cli-messages';
import { assignmentsCommand } from './commands/assignments-command';
import { checkCommand } from './commands/check-command';
import { loginCommand, logoutCommand } from './commands/login-command';
import { statusCommand } from './commands/status-command';
import { gradeCommand, submitCommand } from './commands/submit-command';

/**
 * `dmlg`, the command-line client of DML Grader: log in, list assignments, submit and follow the
 * grade, read past submissions, and run the public tests locally. Usage text: cli-messages.ts.
 * Exit codes: 0 done, 1 not graded, grading failed or tests failed, 2 usage, login or
 * connection error. With --json, stdout holds only JSON and errors stay on stderr.
 */
const COMMANDS: Record<string, (context: CliContext) => Promise<number> | number> = {
  login: loginCommand,
  logout: logoutCommand,
  assignments: assignmentsCommand,
  submit: submitCommand,
  status: statusCommand,
  check: checkCommand,
  grade: gradeCommand,
};

async function main(argv: string[]): Promise<number> {
  const text = CLI_MESSAGES[chooseCliLocale()];
  const args = parseArguments(argv, text);
  const [command] = args.positionals;
  if (args.flags.has('--help') || args.flags.has('-h') || command === 'help') {
    process.stdout.write(`${text.usage}\n`);
    return 0;
  }
  if (!command) {
    process.stderr.write(`${text.usage}\n`);
    return 2;
  }
  const run = COMMANDS[command];
  if (!run) throw new CliError(text.unknownCommand(command));
  return run(new CliContext(args));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`dmlg: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 2;
  },
);
