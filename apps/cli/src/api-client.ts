import type { CliLocale, CliMessages } from './cli-messages';

/** An error that ends the command with `exitCode` and its message on stderr. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** A submission as GET /api/submissions/:id returns it. */
/** Statuses after which a submission does not change any more. */
export const FINAL_STATUSES: readonly string[] = ['graded', 'failed', 'cancelled'];

export interface SubmissionView {
  id: string;
  assignment: string;
  status: 'queued' | 'running' | 'graded' | 'failed' | 'cancelled';
  score: number | null;
  failureReason: string | null;
  createdAt: string;
  checks: {
    id: string;
    title: string;
    score: number;
    weight: number;
    value: number | null;
    target: number | null;
    message: string;
  }[];
  [key: string]: unknown;
}

/** JSON over HTTP to the DML Grader API, with the token and the language of every request. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | null,
    readonly locale: CliLocale,
    private readonly text: CliMessages,
  ) {}

  async json<T>(
    path: string,
    init: RequestInit = {},
    bearer: string | null = this.token,
  ): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    const headers = new Headers(init.headers);
    if (bearer) headers.set('authorization', `Bearer ${bearer}`);
    headers.set('accept-language', this.locale);
    let response: Response;
    try {
      response = await fetch(url, { ...init, headers });
    } catch (error) {
      const reason = (error as Error).cause ?? (error as Error).message;
      throw new CliError(this.text.cannotReach(url, String(reason)));
    }
    const body = await response.text();
    if (response.status === 401 && bearer) throw new CliError(this.text.tokenRejected);
    if (!response.ok) {
      let message = body;
      try {
        const parsed = JSON.parse(body) as { message?: unknown };
        if (parsed.message)
          message = Array.isArray(parsed.message)
            ? parsed.message.join('; ')
            : String(parsed.message);
      } catch {
        // Not JSON: show the text as it came.
      }
      throw new CliError(
        this.text.requestFailed(`${init.method ?? 'GET'} ${url}`, response.status, message),
      );
    }
    return (body === '' ? undefined : JSON.parse(body)) as T;
  }

  submission(id: string): Promise<SubmissionView> {
    return this.json<SubmissionView>(
      `/api/submissions/${encodeURIComponent(id)}?lang=${this.locale}`,
    );
  }
}
