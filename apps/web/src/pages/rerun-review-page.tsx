import { useEffect, useState } from 'preact/hooks';
import { api, type RerunSetView } from '../api';
import { formatDate, formatNumber, formatScore, useI18n, type MessageKey } from '../i18n';
import { ErrorText } from './error-text';

/**
 * Shows one rerun set: old, current and new score per submission side by side, with apply and
 * discard. Refreshed every 3 seconds while the set is still grading.
 */
export function RerunReviewPage(props: { id: string }) {
  const { t, locale } = useI18n();
  const [set, setSet] = useState<RerunSetView | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = (): void => {
      api<RerunSetView>(`/api/reruns/${props.id}`).then((found) => {
        setSet(found);
        if (found.status === 'grading') timer = setTimeout(load, 3000);
      }, setError);
    };
    load();
    return () => clearTimeout(timer);
  }, [props.id]);

  const decide = async (action: 'apply' | 'discard'): Promise<void> => {
    try {
      await api(`/api/reruns/${props.id}/${action}`, { method: 'POST', body: '{}' });
      setSet(await api<RerunSetView>(`/api/reruns/${props.id}`));
    } catch (failure) {
      setError(failure);
    }
  };

  if (!set)
    return (
      <section>
        <ErrorText error={error} />
        {!error && <p>{t('loading')}</p>}
      </section>
    );
  const open = set.status === 'grading' || set.status === 'ready';
  return (
    <section>
      <h1>
        {t('reruns.link')}: {set.reason}
      </h1>
      <p>
        {t(`reruns.scope.${set.scope}` as MessageKey)} · {formatDate(locale, set.createdAt)} ·{' '}
        <strong data-testid="rerun-status">{t(`reruns.status.${set.status}` as MessageKey)}</strong>
      </p>
      {open && <p class="hint">{t('reruns.pending')}</p>}
      <ErrorText error={error} />
      {open && (
        <p>
          <button
            type="button"
            disabled={set.status !== 'ready'}
            data-testid="rerun-apply"
            onClick={() => void decide('apply')}
          >
            {t('reruns.apply')}
          </button>{' '}
          <button type="button" data-testid="rerun-discard" onClick={() => void decide('discard')}>
            {t('reruns.discard')}
          </button>
        </p>
      )}
      <div class="card">
        <table data-testid="rerun-items">
          <thead>
            <tr>
              <th scope="col">{t('reruns.student')}</th>
              <th scope="col">{t('reruns.submitted')}</th>
              <th scope="col">{t('reruns.status')}</th>
              <th scope="col">{t('reruns.previous')}</th>
              <th scope="col">{t('reruns.current')}</th>
              <th scope="col">{t('reruns.new')}</th>
              <th scope="col">{t('reruns.penalty')}</th>
              <th scope="col">{t('reruns.change')}</th>
            </tr>
          </thead>
          <tbody>
            {set.items.map((item) => {
              const change =
                item.newScore !== null && item.currentScore !== null
                  ? item.newScore - item.currentScore
                  : null;
              return (
                <tr key={item.id}>
                  <td>{item.student}</td>
                  <td>
                    <a href={`#/submissions/${item.submissionId}`}>
                      {formatDate(locale, item.submittedAt)}
                    </a>
                  </td>
                  <td title={item.failureReason ?? undefined}>
                    {t(`status.${item.status}` as MessageKey)}
                  </td>
                  <td>{formatScore(locale, item.previousScore)}</td>
                  <td>{formatScore(locale, item.currentScore)}</td>
                  <td>{formatScore(locale, item.newScore)}</td>
                  <td>
                    {item.newPenaltyPercent === null
                      ? '—'
                      : `${formatNumber(locale, item.newPenaltyPercent)} %`}
                  </td>
                  <td>
                    {change === null
                      ? '—'
                      : `${change > 0 ? '+' : ''}${formatScore(locale, change)}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
