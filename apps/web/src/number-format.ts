/**
 * Number forms shared by several pages, kept free of the DOM so node tests can load them. Both
 * languages put a space before % and MiB; Latvian takes a decimal comma.
 */

/**
 * Formats a fraction (0.05) as a percentage ("5 %"), with a space before the sign in both
 * languages, as Latvian typography requires.
 */
export function formatPercent(
  locale: 'en' | 'lv',
  fraction: number | null,
  maximumFractionDigits = 1,
): string {
  if (fraction === null) return '—';
  const number = new Intl.NumberFormat(locale === 'lv' ? 'lv-LV' : 'en-GB', {
    maximumFractionDigits,
  }).format(fraction * 100);
  return `${number} %`;
}

/**
 * Formats a check's measured value as its feedback message does (formatNumber in
 * libs/grading/src/checks/check-messages.ts): three decimals, or exponent form from 1e5 up and
 * below 1e-3, with a decimal comma in Latvian, so the table and the message read alike.
 */
export function formatMeasured(locale: 'en' | 'lv', value: number | null): string {
  if (value === null) return '—';
  const text =
    value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)
      ? value.toExponential(3)
      : value.toFixed(3);
  return locale === 'lv' ? text.replace('.', ',') : text;
}

/** Formats a size in bytes as whole KiB, or as MiB with one decimal, in the locale's format. */
export function formatBytes(locale: 'en' | 'lv', bytes: number): string {
  const mebibytes = bytes / 1024 / 1024;
  return mebibytes >= 1
    ? `${new Intl.NumberFormat(locale === 'lv' ? 'lv-LV' : 'en-GB', {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(mebibytes)} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
}
