/**
 * Number forms shared by several pages, kept free of the DOM so node tests can load them. Both
 * languages put a space before % and MiB; Latvian takes a decimal comma.
 */

/**
 * A fraction (0.05) as a percentage ("5 %"), with the space before the sign that Latvian
 * typography asks for and that every page uses in English too.
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
 * A check's measured value in the form its feedback message uses (formatNumber in
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

/** A size in bytes as KiB or MiB with one decimal, in the locale's number format. */
export function formatBytes(locale: 'en' | 'lv', bytes: number): string {
  const mebibytes = bytes / 1024 / 1024;
  return mebibytes >= 1
    ? `${new Intl.NumberFormat(locale === 'lv' ? 'lv-LV' : 'en-GB', {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(mebibytes)} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
}
