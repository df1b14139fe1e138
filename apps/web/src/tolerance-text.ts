import type { Locale } from './api';
import type { Translate } from './i18n';
import { formatPercent } from './number-format';

/** A check's tolerance as grading applied it: fractions of the baseline-to-reference gap. */
export interface ToleranceFacts {
  value: number | null;
  source: 'manifest' | 'seeds';
  seeds: number[];
  /** The seed spread before clamping to [min, max]; null where unknown. */
  unclamped?: number | null;
  min?: number | null;
  max?: number | null;
}

/**
 * Words a tolerance the same way on the submission page and the calibration card: "5 % (fixed)",
 * "18 % (seeds 0, 1, 2)", and the clamp named only when it changed the value.
 */
export function toleranceText(t: Translate, locale: Locale, tolerance: ToleranceFacts): string {
  if (tolerance.source === 'manifest') {
    return t('tolerance.fixed', { percent: formatPercent(locale, tolerance.value) });
  }
  if (tolerance.value === null) return t('tolerance.seedsPending');
  const seeds = tolerance.seeds.join(', ');
  const percent = formatPercent(locale, tolerance.value);
  const { unclamped, min, max } = tolerance;
  if (unclamped == null || min == null || max == null || unclamped === tolerance.value) {
    return t('tolerance.seeds', { percent, seeds });
  }
  return t('tolerance.seedsClamped', {
    percent,
    seeds,
    unclamped: formatPercent(locale, unclamped),
    min: formatPercent(locale, min),
    max: formatPercent(locale, max),
  });
}
