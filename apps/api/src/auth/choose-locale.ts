import { BadRequestException } from '@nestjs/common';
import type { Locale } from '@dmlg/db';
import { localized } from '../errors/localized-message';

/** `?lang=` first, then the first Accept-Language entry, then the account's setting. */
export function chooseLocale(
  query: string | undefined,
  acceptLanguage: string | undefined,
  fallback: Locale,
): Locale {
  if (query === 'lv' || query === 'en') return query;
  const preferred = acceptLanguage?.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  if (preferred === 'lv' || preferred === 'en') return preferred;
  return fallback;
}

/**
 * {@link chooseLocale} for a route that documents `?lang=en|lv`: any other value there is a
 * 400 naming it, rather than a silent fallback. (The error filter keeps the lenient one, so the
 * 400 itself still has a language.)
 */
export function chooseRequestedLocale(
  query: string | undefined,
  acceptLanguage: string | undefined,
  fallback: Locale,
): Locale {
  if (query !== undefined && query !== 'en' && query !== 'lv') {
    throw new BadRequestException(
      localized(
        `lang ${JSON.stringify(query)} is not supported: send lang=en or lang=lv, or leave it out`,
        `Valoda lang ${JSON.stringify(query)} netiek atbalstīta: sūtiet lang=en vai lang=lv, vai nesūtiet to`,
      ),
    );
  }
  return chooseLocale(query, acceptLanguage, fallback);
}
