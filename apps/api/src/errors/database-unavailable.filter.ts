import { Catch, HttpStatus, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { isDatabaseUnavailableError } from '@dmlg/db';
import { chooseLocale } from '../auth/choose-locale';

/**
 * Seconds a client should wait before retrying while Postgres is down. It is long enough for a
 * restart with `pg_ctl` and short enough not to stretch the CLI's wait for a grade much.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Returns 503 with `Retry-After` instead of 500 when a request failed because Postgres is
 * unreachable (see `isDatabaseUnavailableError`). Every other error goes to Nest's own handling.
 * The TypeORM pool opens new connections by itself, so requests succeed again once the server is
 * back.
 */
@Catch()
export class DatabaseUnavailableFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(DatabaseUnavailableFilter.name);

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http' || !isDatabaseUnavailableError(exception)) {
      super.catch(exception, host);
      return;
    }
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    this.logger.warn(
      `${request.method} ${request.originalUrl} returned 503 because the database is unavailable: ${(exception as Error).message}`,
    );
    if (response.headersSent) {
      response.end();
      return;
    }
    const seconds = DATABASE_RETRY_AFTER_SECONDS;
    const query = typeof request.query.lang === 'string' ? request.query.lang : undefined;
    const message =
      chooseLocale(query, request.headers['accept-language'], 'en') === 'lv'
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
