import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepositoryRoot } from '@dmlg/config';
import { ApiClient, CliError } from './api-client';
import { configFile, readStoredLogin } from './cli-config';
import { CLI_MESSAGES, chooseCliLocale, type CliLocale, type CliMessages } from './cli-messages';

const DEFAULT_URL = 'http://127.0.0.1:3000';
/** Options that take a value; every other option is a flag. */
const VALUE_OPTIONS = new Set(['--url', '--email', '--token', '--timeout', '--python']);
const FLAG_OPTIONS = new Set(['--json', '--table', '--no-wait', '--help', '-h']);

/** The command line split into positionals, options with values, and flags. */
export interface ParsedArguments {
  positionals: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

export function parseArguments(argv: string[], text: CliMessages): ParsedArguments {
  const parsed: ParsedArguments = { positionals: [], values: new Map(), flags: new Set() };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const [name, inline] = argument.startsWith('--') ? argument.split(/=(.*)/s, 2) : [argument];
    if (VALUE_OPTIONS.has(name)) {
      const value = inline ?? argv[++index];
      if (value === undefined) throw new CliError(text.optionNeedsValue(name));
      parsed.values.set(name, value);
    } else if (FLAG_OPTIONS.has(argument)) {
      parsed.flags.add(argument);
    } else if (argument.startsWith('-') && argument !== '-') {
      throw new CliError(text.unexpectedArgument(argument));
    } else {
      parsed.positionals.push(argument);
    }
  }
  return parsed;
}

/** What every command needs: its arguments, the language, output, and the server. */
export class CliContext {
  readonly locale: CliLocale;
  readonly text: CliMessages;
  readonly json: boolean;
  readonly configFile = configFile();

  constructor(
    readonly args: ParsedArguments,
    readonly environment: NodeJS.ProcessEnv = process.env,
  ) {
    this.locale = chooseCliLocale(environment);
    this.text = CLI_MESSAGES[this.locale];
    this.json = args.flags.has('--json');
  }

  /** Server URL: --url, then DMLG_URL, then the stored login's, then the local default. */
  get baseUrl(): string {
    const url =
      this.args.values.get('--url') ??
      this.environment.DMLG_URL ??
      readStoredLogin(this.configFile)?.url ??
      DEFAULT_URL;
    return url.replace(/\/+$/, '');
  }

  /** A client without credentials (for login). */
  anonymousClient(): ApiClient {
    return new ApiClient(this.baseUrl, null, this.locale, this.text);
  }

  /**
   * A client with the token from DMLG_TOKEN, then the stored login, then (on the server's own
   * checkout, as quickstart sets it up) the first instructor's token in `.data/instructor-token`.
   */
  client(): ApiClient {
    return new ApiClient(this.baseUrl, this.token(), this.locale, this.text);
  }

  private token(): string {
    if (this.environment.DMLG_TOKEN) return this.environment.DMLG_TOKEN.trim();
    const stored = readStoredLogin(this.configFile);
    if (stored) return stored.token;
    try {
      const dataDir = this.environment.DMLG_DATA_DIR ?? join(findRepositoryRoot(), '.data');
      const tokenFile = join(dataDir, 'instructor-token');
      if (existsSync(tokenFile)) return readFileSync(tokenFile, 'utf8').trim();
    } catch {
      // Installed away from a checkout: there is no instructor token to fall back on.
    }
    throw new CliError(this.text.notLoggedIn(this.configFile));
  }

  /** The positionals after the command, or a usage error naming the command's arguments. */
  positionals(count: number, usage: string): string[] {
    const rest = this.args.positionals.slice(1);
    if (rest.length < count) throw new CliError(this.text.missingArguments(usage));
    if (rest.length > count) throw new CliError(this.text.unexpectedArgument(rest[count]));
    return rest;
  }

  out(value: string): void {
    process.stdout.write(value.endsWith('\n') ? value : `${value}\n`);
  }

  /** Prints `value` as JSON on stdout (the --json output of every command). */
  outJson(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Progress and notes for people: stderr, so stdout stays clean for scripts. */
  note(value: string): void {
    process.stderr.write(`${value}\n`);
  }

  timeoutSeconds(fallback: number): number {
    const given = this.args.values.get('--timeout');
    if (given === undefined) return fallback;
    const seconds = Number(given);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new CliError(this.text.badTimeout(given));
    return seconds;
  }
}
