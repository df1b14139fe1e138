import { useEffect, useState } from 'preact/hooks';
import { api, type LatePenalty, type PolicyView } from '../api';
import { formatDate, formatNumber, formatScore, useI18n, type Translate } from '../i18n';

function penaltyText(t: Translate, penalty: LatePenalty, locale: 'en' | 'lv'): string {
  if (penalty.kind === 'per-day') {
    return t('policy.penaltyPerDay', {
      percent: formatNumber(locale, penalty.percentPerDay),
      max: formatNumber(locale, penalty.maxPercent),
    });
  }
  if (penalty.kind === 'curve') {
    const points = penalty.points
      .map((point) =>
        t.count('policy.curvePoint', point.days, {
          percent: formatNumber(locale, point.percent),
          count: formatNumber(locale, point.days),
        }),
      )
      .join(', ');
    return t('policy.penaltyCurve', { points });
  }
  return t('policy.penaltyNone');
}

/**
 * Shows the assignment's submission rules to the student: opening, deadline (with their
 * extension), cutoff, late penalty, limits with their use, and which submission counts.
 * `refresh` changes after each submission so the counts stay current.
 */
export function PolicyCard(props: { slug: string; refresh: number }) {
  const { t, locale } = useI18n();
  const [policy, setPolicy] = useState<PolicyView | null>(null);
  useEffect(() => {
    // The rules are extra information: the page works without them, so a failure is not shown.
    api<PolicyView>(`/api/assignments/${props.slug}/policy`).then(setPolicy, () => setPolicy(null));
  }, [props.slug, props.refresh]);
  if (!policy) return null;
  const yours = policy.yours;
  const extended = yours.extensionDeadline !== null;
  return (
    <div class="card" data-testid="policy">
      <h2>{t('policy.heading')}</h2>
      <dl class="policy">
        <dt>{t('policy.opens')}</dt>
        <dd>{policy.opensAt ? formatDate(locale, policy.opensAt) : t('policy.none')}</dd>
        <dt>{extended ? t('policy.yourDeadline') : t('policy.deadline')}</dt>
        <dd data-testid="policy-deadline">
          {yours.effectiveDeadline ? formatDate(locale, yours.effectiveDeadline) : t('policy.none')}
        </dd>
        <dt>{t('policy.cutoff')}</dt>
        <dd>
          {yours.effectiveCutoffAt ? formatDate(locale, yours.effectiveCutoffAt) : t('policy.none')}
        </dd>
        <dt>{t('policy.penalty')}</dt>
        <dd>{penaltyText(t, policy.latePenalty, locale)}</dd>
        <dt>{t('policy.limits')}</dt>
        <dd data-testid="policy-limits">
          {policy.maxSubmissions === null
            ? t.count('policy.usedUnlimited', yours.submissionsUsed)
            : t.count('policy.used', yours.submissionsUsed, { max: policy.maxSubmissions })}
          {policy.maxSubmissionsPerHour !== null &&
            `; ${t('policy.perHour', { max: policy.maxSubmissionsPerHour, recent: yours.submissionsLastHour })}`}
        </dd>
        <dt>{t('policy.counting')}</dt>
        <dd>{policy.counting === 'last' ? t('policy.countingLast') : t('policy.countingBest')}</dd>
        <dt>{t('policy.countingScore')}</dt>
        <dd data-testid="policy-counting-score">{formatScore(locale, yours.countingScore)}</dd>
      </dl>
    </div>
  );
}
