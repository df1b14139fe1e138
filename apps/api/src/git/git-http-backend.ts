import { spawn } from 'node:child_process';
import type { Request, Response } from 'express';

/** What one smart-HTTP request needs to run `git http-backend` as a CGI program. */
export interface GitBackendRequest {
  /** Folder that contains the repository (git's GIT_PROJECT_ROOT). */
  projectRoot: string;
  /** `/<repository>.git/<service path>` below `projectRoot` (CGI PATH_INFO). */
  pathInfo: string;
  /** Who pushed, as CGI REMOTE_USER; git enables receive-pack only when it is set. */
  remoteUser: string;
  /** Extra environment for git and the hooks it runs (hook callback address, user, assignment). */
  environment: Record<string, string>;
}

/** End of the CGI header block; git writes `\r\n` line ends. */
const HEADER_END = '\r\n\r\n';

/**
 * Runs `git http-backend` (the CGI program shipped with git) for one request: the request body
 * goes to its stdin, its CGI headers become the response status and headers, and the rest of
 * its stdout is streamed back. Git does the protocol, pack negotiation and ref updates; this
 * only translates between Express and CGI (RFC 3875). Resolves when the response has ended.
 */
export function runGitHttpBackend(
  request: Request,
  response: Response,
  backend: GitBackendRequest,
  onStderr: (text: string) => void,
): Promise<void> {
  const queryIndex = request.originalUrl.indexOf('?');
  const environment: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C',
    GIT_PROJECT_ROOT: backend.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    REQUEST_METHOD: request.method,
    PATH_INFO: backend.pathInfo,
    QUERY_STRING: queryIndex >= 0 ? request.originalUrl.slice(queryIndex + 1) : '',
    CONTENT_TYPE: request.headers['content-type'] ?? '',
    REMOTE_USER: backend.remoteUser,
    REMOTE_ADDR: request.socket.remoteAddress ?? '',
    ...backend.environment,
  };
  // Without CONTENT_LENGTH git reads the (chunked) body until end of file.
  const contentLength = request.headers['content-length'];
  if (contentLength) environment.CONTENT_LENGTH = contentLength;
  const encoding = request.headers['content-encoding'];
  if (encoding) environment.HTTP_CONTENT_ENCODING = encoding;
  const protocol = request.headers['git-protocol'];
  if (typeof protocol === 'string') environment.GIT_PROTOCOL = protocol;

  return new Promise((resolve) => {
    const child = spawn('git', ['http-backend'], {
      env: environment,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let headerBuffer: Buffer | null = Buffer.alloc(0);
    let settled = false;
    const finish = (): void => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };

    child.stderr.on('data', (chunk: Buffer) => onStderr(chunk.toString('utf8')));
    child.on('error', (error) => {
      onStderr(`cannot start git http-backend: ${error.message}`);
      if (!response.headersSent) response.status(500).type('text/plain').send('git is unavailable');
      else response.end();
      finish();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (headerBuffer === null) {
        response.write(chunk);
        return;
      }
      headerBuffer = Buffer.concat([headerBuffer, chunk]);
      const end = headerBuffer.indexOf(HEADER_END);
      if (end < 0) return;
      writeCgiHeaders(response, headerBuffer.subarray(0, end).toString('latin1'));
      const rest = headerBuffer.subarray(end + HEADER_END.length);
      headerBuffer = null;
      if (rest.length > 0) response.write(rest);
    });
    child.on('close', (code) => {
      if (headerBuffer !== null && !response.headersSent) {
        onStderr(`git http-backend exited with ${code} before sending headers`);
        response.status(500).type('text/plain').send('git http-backend failed');
      } else {
        response.end();
      }
      finish();
    });
    // A client that disconnects mid-transfer needs no response, so git is stopped.
    response.on('close', () => {
      if (child.exitCode === null && !response.writableFinished) child.kill('SIGTERM');
    });
    child.stdin.on('error', () => undefined);
    request.pipe(child.stdin);
  });
}

/** Applies the CGI header block: `Status: 404 Not Found` and ordinary headers. */
function writeCgiHeaders(response: Response, block: string): void {
  let status = 200;
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else response.setHeader(name, value);
  }
  response.status(status);
}
