import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Locale } from './api';
import en from './i18n/en.json';
import lv from './i18n/lv.json';
import { pluralForm } from './plural-form';

export { formatBytes, formatMeasured, formatPercent } from './number-format';

export type MessageKey = keyof typeof en;

/** Every screen's text, by language; lv.json must have every key of en.json (checked by tsc). */
const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, lv };

const LOCALE_STORAGE_KEY = 'dmlg.locale';

/** The language remembered in this browser before login; after login the account's wins. */
export function storedLocale(): Locale {
  return localStorage.getItem(LOCALE_STORAGE_KEY) === 'lv' ? 'lv' : 'en';
}

export function rememberLocale(locale: Locale): void {
  localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

type Values = Record<string, string | number>;

/** Keys of counted phrases: `base` where the catalogues hold `base.one` and `base.other`. */
export type CountedKey = {
  [Key in MessageKey]: Key extends `${infer Base}.one`
    ? `${Base}.other` extends MessageKey
      ? Base
      : never
    : never;
}[MessageKey];

export interface Translate {
  (key: MessageKey, values?: Values): string;
  /**
   * A counted phrase in the form that `count` takes in the language (see plural-form.ts). Its
   * `{count}` shows `count` unless `values.count` gives it formatted.
   */
  count(key: CountedKey, count: number, values?: Values): string;
}

export function translator(locale: Locale): Translate {
  const fill = (key: MessageKey, values: Values): string =>
    CATALOGUES[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
  return Object.assign((key: MessageKey, values: Values = {}) => fill(key, values), {
    count: (key: CountedKey, count: number, values: Values = {}) =>
      fill(`${key}.${pluralForm(locale, count)}`, { count, ...values }),
  });
}

export const LocaleContext = createContext<{ locale: Locale; t: Translate }>({
  locale: 'en',
  t: translator('en'),
});

export function useI18n(): { locale: Locale; t: Translate } {
  return useContext(LocaleContext);
}

/** Score 0-100 with one decimal, in the locale's number format. */
export function formatScore(locale: Locale, score: number | null): string {
  if (score === null) return '—';
  return new Intl.NumberFormat(locale === 'lv' ? 'lv-LV' : 'en-GB', {
    maximumFractionDigits: 1,
  }).format(score);
}

export function formatNumber(locale: Locale, value: number | null): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(locale === 'lv' ? 'lv-LV' : 'en-GB', {
    maximumSignificantDigits: 4,
  }).format(value);
}

export function formatDate(locale: Locale, iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale === 'lv' ? 'lv-LV' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** `a, b or c` in the locale's words, for a list of alternatives such as file types. */
export function formatAlternatives(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(locale === 'lv' ? 'lv-LV' : 'en-GB', {
    type: 'disjunction',
  }).format(items);
}
