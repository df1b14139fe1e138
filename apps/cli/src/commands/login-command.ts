import { hostname } from 'node:os';
import { createInterface } from 'node:readline';
import { CliError } from '../api-client';
import type { CliContext } from '../cli-context';
import { forgetLogin, storeLogin } from '../cli-config';

interface Me {
  email: string;
}

/**
 * Runs `dmlg login`. With --token it checks the token and stores it. Otherwise it logs in with
 * e-mail and password (asked on the terminal, or read from stdin when stdin is not a terminal)
 * and creates a personal access token with scopes read and submit, named for this computer.
 * Only the token is stored, never the password.
 */
export async function loginCommand(context: CliContext): Promise<number> {
  context.positionals(0, 'login [--url URL] [--email EMAIL] [--token TOKEN]');
  const { text } = context;
  const anonymous = context.anonymousClient();
  let token = context.args.values.get('--token');
  let email: string;
  if (token) {
    email = (await anonymous.json<Me>('/api/me', {}, token)).email;
  } else {
    email = context.args.values.get('--email') ?? (await ask(text.emailPrompt, false));
    if (!email) throw new CliError(text.emailMissing);
    const password = await ask(text.passwordPrompt, true);
    if (!password) throw new CliError(text.passwordMissing);
    const session = await anonymous.json<{ token: string }>('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const created = await anonymous.json<{ token: string }>(
      '/api/me/tokens',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `dmlg CLI on ${hostname()}`, scopes: ['read', 'submit'] }),
      },
      session.token,
    );
    token = created.token;
  }
  storeLogin({ url: anonymous.baseUrl, email, token }, context.configFile);
  if (context.json) {
    context.outJson({ url: anonymous.baseUrl, email, configFile: context.configFile });
  } else {
    context.out(text.loggedIn(email, anonymous.baseUrl, context.configFile));
  }
  return 0;
}

/** `dmlg logout`: removes the stored token (it stays valid until revoked on the Tokens page). */
export function logoutCommand(context: CliContext): number {
  context.positionals(0, 'logout');
  const removed = forgetLogin(context.configFile);
  if (context.json) context.outJson({ removed, configFile: context.configFile });
  else context.out(removed ? context.text.loggedOut(context.configFile) : context.text.notStored);
  return 0;
}

/** Lines read from a piped stdin, shared by the questions asked in turn. */
let pipedLines: string[] | null = null;

/**
 * Asks on the terminal (without echo for secrets), or takes the next line of stdin when stdin
 * is not a terminal, so scripts can pipe the password.
 */
async function ask(prompt: string, secret: boolean): Promise<string> {
  if (!process.stdin.isTTY) {
    if (pipedLines === null) {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      pipedLines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
    }
    return (pipedLines.shift() ?? '').trim();
  }
  const terminal = createInterface({
    input: process.stdin,
    output: process.stderr,
    terminal: true,
  });
  if (secret) {
    // Keep the prompt but print nothing for the keys typed after it.
    const output = terminal as unknown as { _writeToOutput: (value: string) => void };
    output._writeToOutput = (value: string) => {
      if (value.startsWith(prompt)) process.stderr.write(prompt);
    };
  }
  const answer = await new Promise<string>((resolve) => terminal.question(prompt, resolve));
  terminal.close();
  if (secret) process.stderr.write('\n');
  return answer.trim();
}
