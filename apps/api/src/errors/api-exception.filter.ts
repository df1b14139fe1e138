import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { isDatabaseUnavailableError, type Locale } from '@dmlg/db';
import { chooseLocale } from '../auth/choose-locale';
import type { MaybeAuthenticatedRequest } from '../auth/principal';
import { isLocalizedMessage, messageIn } from './localized-message';

/**
 * Seconds a client should wait before retrying while Postgres is down. It is long enough for a
 * restart with `pg_ctl` and short enough not to stretch the CLI's wait for a grade much.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The API's one global exception filter. It
 * - answers 503 with `Retry-After` instead of 500 when a request failed because Postgres is
 *   unreachable (see `isDatabaseUnavailableError`); the TypeORM pool opens new connections by
 *   itself, so requests succeed again once the server is back;
 * - answers errors thrown with `localized(en, lv)` in the requester's language: `?lang=`, then the
 *   first Accept-Language entry (the web app sends its own language there), then the account's
 *   setting. The body keeps Nest's shape `{ statusCode, error, message }`.
 * Everything else goes to Nest's own handling.
 */
@Catch()
export class ApiExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      super.catch(exception, host);
      return;
    }
    const request = host.switchToHttp().getRequest<MaybeAuthenticatedRequest>();
    const response = host.switchToHttp().getResponse<Response>();

    if (isDatabaseUnavailableError(exception)) {
      this.answerDatabaseUnavailable(exception as Error, request, response);
      return;
    }

    const body = exception instanceof HttpException ? exception.getResponse() : undefined;
    if (!isLocalizedMessage(body) || response.headersSent) {
      super.catch(exception, host);
      return;
    }
    const status = (exception as HttpException).getStatus();
    response.status(status).json({
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message: messageIn(body, requestLocale(request)),
    });
  }

  private answerDatabaseUnavailable(
    error: Error,
    request: MaybeAuthenticatedRequest,
    response: Response,
  ): void {
    this.logger.warn(
      `${request.method} ${request.originalUrl} returned 503 because the database is unavailable: ${error.message}`,
    );
    if (response.headersSent) {
      response.end();
      return;
    }
    const seconds = DATABASE_RETRY_AFTER_SECONDS;
    const message =
      requestLocale(request) === 'lv'
        ? `datubāze nav pieejama; mēģiniet vēlreiz pēc ${seconds} sekundēm`
        : `the database is unavailable; retry in ${seconds} seconds`;
    response.status(HttpStatus.SERVICE_UNAVAILABLE).setHeader('Retry-After', String(seconds)).json({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message,
      retryAfterSeconds: seconds,
    });
  }
}

function requestLocale(request: MaybeAuthenticatedRequest): Locale {
  const query = typeof request.query.lang === 'string' ? request.query.lang : undefined;
  return chooseLocale(
    query,
    request.headers['accept-language'],
    request.principal?.user.locale ?? 'en',
  );
}
