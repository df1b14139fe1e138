import type { Locale } from '@dmlg/db';

/**
 * The body of an HTTP error that a person reads, in both of the course's languages. Pass it to
 * any Nest `HttpException` (`new BadRequestException(localized(en, lv))`): `message` stays English,
 * so logs and `exception.message` read the same as before, and `ApiExceptionFilter` answers in
 * the requester's language.
 */
export interface LocalizedMessage {
  message: string;
  messageLv: string;
}

export function localized(en: string, lv: string): LocalizedMessage {
  return { message: en, messageLv: lv };
}

export function isLocalizedMessage(body: unknown): body is LocalizedMessage {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as LocalizedMessage).message === 'string' &&
    typeof (body as LocalizedMessage).messageLv === 'string'
  );
}

export function messageIn(body: LocalizedMessage, locale: Locale): string {
  return locale === 'lv' ? body.messageLv : body.message;
}
