import type { Locale } from '@dmlg/db';

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
