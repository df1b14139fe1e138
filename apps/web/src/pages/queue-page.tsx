import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { formatDate, useI18n, type MessageKey } from '../i18n';
import { ErrorText } from './error-text';

interface QueueState {
  jobs: Record<string, number>;
  workers: { name: string; address: string; ageSeconds: number }[];
  recentFailures: { id: string; reason: string; finishedAt: string }[];
}

/** Refreshed every 3 seconds while open. */
export function QueuePage() {
  const { t, locale } = useI18n();
  const [state, setState] = useState<QueueState | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const load = (): void => void api<QueueState>('/api/queue').then(setState, setError);
    load();
    const timer = setInterval(load, 3000);
    return () => clearInterval(timer);
  }, []);
  return (
    <section>
      <h1>{t('queue.heading')}</h1>
      <ErrorText error={error} />
      {state && (
        <>
          <dl class="counts" data-testid="queue-counts">
            {(['waiting', 'active', 'delayed', 'failed', 'completed'] as const).map((name) => (
              <div key={name}>
                <dt>{t(`queue.${name}` as MessageKey)}</dt>
                <dd>{state.jobs[name] ?? 0}</dd>
              </div>
            ))}
          </dl>
          <h2>{t('queue.workers')}</h2>
          {state.workers.length === 0 ? (
            <p>{t('queue.noWorkers')}</p>
          ) : (
            <ul>
              {state.workers.map((worker) => (
                <li key={worker.name}>
                  {worker.name} ({t('queue.connectedFor', { seconds: worker.ageSeconds })})
                </li>
              ))}
            </ul>
          )}
          <h2>{t('queue.failures')}</h2>
          <ul>
            {state.recentFailures.map((job) => (
              <li key={job.id}>
                <a href={`#/submissions/${job.id}`}>{job.id}</a>{' '}
                {formatDate(locale, job.finishedAt)}: {job.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
