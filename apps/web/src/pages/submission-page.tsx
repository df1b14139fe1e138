import { useEffect, useState } from 'preact/hooks';
import { api, isCourseStaff, type Me, type SubmissionView } from '../api';
import {
  formatDate,
  formatMeasured,
  formatScore,
  useI18n,
  type MessageKey,
  type Translate,
} from '../i18n';
import { toleranceText } from '../tolerance-text';
import { ErrorText } from './error-text';

interface Progress {
  phase: 'queued' | 'running' | 'scoring' | 'graded' | 'failed' | 'cancelled';
  elapsedMs: number | null;
}

interface Detail {
  student: string;
  fileContents: { path: string; content: string }[];
  runs: {
    id: string;
    workerName: string;
    outcome: string;
    imageDigest: string | null;
    placement: Record<string, string | undefined> | null;
    timings: Record<string, number>;
    logTail: string;
  }[];
  gradeChanges: {
    previousScore: number | null;
    newScore: number;
    changedBy: string | null;
    reason: string;
    createdAt: string;
  }[];
}

const PHASES: Progress['phase'][] = ['queued', 'running', 'scoring', 'graded'];

export function SubmissionPage(props: {
  id: string;
  me: Me;
  /** Names the page for the browser tab once the assignment's title is known. */
  onSection: (section: string) => void;
}) {
  const { t, locale } = useI18n();
  const [submission, setSubmission] = useState<SubmissionView | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [regrade, setRegrade] = useState({ score: '', reason: '' });

  const load = (): void => {
    api<SubmissionView>(`/api/submissions/${props.id}?lang=${locale}`).then((found) => {
      setSubmission(found);
      props.onSection(`${t('submission.heading')}: ${found.assignmentTitle}`);
      // The staff view exists only for the course's staff; students never ask for it.
      if (!isCourseStaff(props.me, found.course)) return;
      api<Detail>(`/api/submissions/${props.id}/detail?lang=${locale}`).then(setDetail, () =>
        setDetail(null),
      );
    }, setError);
  };
  useEffect(load, [props.id, locale]);

  useEffect(() => {
    const source = new EventSource(`/api/submissions/${props.id}/events`);
    source.onmessage = (event: MessageEvent<string>) => {
      const next = JSON.parse(event.data) as Progress;
      setProgress(next);
      if (next.phase === 'graded' || next.phase === 'failed' || next.phase === 'cancelled') {
        source.close();
        load();
      }
    };
    source.onerror = () => source.close();
    return () => source.close();
  }, [props.id]);

  const cancel = async (): Promise<void> => {
    try {
      await api(`/api/submissions/${props.id}/cancel`, { method: 'POST' });
      load();
    } catch (failure) {
      setError(failure);
    }
  };

  const saveGrade = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      await api(`/api/submissions/${props.id}/grade`, {
        method: 'PUT',
        body: JSON.stringify({ score: Number(regrade.score), reason: regrade.reason }),
      });
      load();
    } catch (failure) {
      setError(failure);
    }
  };

  if (!submission)
    return (
      <section>
        <ErrorText error={error} />
        {!error && <p>{t('loading')}</p>}
      </section>
    );
  const phase =
    progress?.phase ??
    (submission.status === 'graded' ||
    submission.status === 'failed' ||
    submission.status === 'cancelled'
      ? submission.status
      : 'queued');
  const cancellable = phase === 'queued' || phase === 'running';
  return (
    <section>
      <h1>
        {t('submission.heading')}: {submission.assignmentTitle}
      </h1>
      <p>
        <a href={`#/assignments/${submission.assignment}`}>← {submission.assignmentTitle}</a> ·{' '}
        {formatDate(locale, submission.createdAt)} · {submission.files.join(', ')}
      </p>
      <div class="card">
        <h2>{t('submission.progress')}</h2>
        <ol class="phases" aria-live="polite" data-testid="progress" data-phase={phase}>
          {PHASES.map((name) => (
            <li
              key={name}
              class={
                name === phase
                  ? 'current'
                  : PHASES.indexOf(name) < PHASES.indexOf(phase)
                    ? 'done'
                    : ''
              }
              aria-current={name === phase ? 'step' : undefined}
            >
              {t(`status.${name}` as MessageKey)}
              {name === 'running' &&
                phase === 'running' &&
                progress?.elapsedMs !== null &&
                progress?.elapsedMs !== undefined && (
                  <>
                    {' '}
                    ({t('submission.elapsed', { seconds: Math.round(progress.elapsedMs / 1000) })})
                  </>
                )}
            </li>
          ))}
          {phase === 'failed' && <li class="current">{t('status.failed')}</li>}
          {phase === 'cancelled' && <li class="current">{t('status.cancelled')}</li>}
        </ol>
        {cancellable && (
          <button
            type="button"
            class="secondary"
            data-testid="cancel"
            onClick={() => void cancel()}
          >
            {t('submission.cancel')}
          </button>
        )}
        {submission.status === 'graded' && (
          <p class="total" data-testid="total">
            {t('submission.total', { score: formatScore(locale, submission.score) })}
          </p>
        )}
        {submission.computation && submission.computation.penaltyPercent > 0 && (
          <p data-testid="penalty">
            {t('submission.penalty', {
              raw: formatScore(locale, submission.computation.rawScore),
              percent: formatScore(locale, submission.computation.penaltyPercent),
            })}
          </p>
        )}
        {submission.failureReason && (
          <p class="error">{t('submission.failure', { reason: submission.failureReason })}</p>
        )}
      </div>
      {submission.checks.length > 0 && (
        <table data-testid="checks">
          <thead>
            <tr>
              <th scope="col">{t('submission.check')}</th>
              <th scope="col">{t('submission.value')}</th>
              <th scope="col">{t('submission.target')}</th>
              <th scope="col" title={t('submission.toleranceHelp')}>
                {t('submission.tolerance')}
              </th>
              <th scope="col">{t('submission.checkScore')}</th>
              <th scope="col">{t('submission.message')}</th>
            </tr>
          </thead>
          <tbody>
            {submission.checks.map((check) => (
              <tr key={check.id}>
                <td>
                  {check.title}
                  {check.hidden && (
                    <>
                      {' '}
                      <em>({t('submission.hidden')})</em>
                    </>
                  )}
                </td>
                <td>{formatMeasured(locale, check.value)}</td>
                <td>{formatMeasured(locale, check.target)}</td>
                <td data-testid="tolerance">
                  {check.tolerance
                    ? toleranceText(t, locale, {
                        value: check.tolerance.value,
                        source: check.tolerance.source,
                        seeds: check.tolerance.seeds ?? [],
                      })
                    : '—'}
                </td>
                <td>{formatScore(locale, check.score * 100)}</td>
                <td>{check.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {detail && (
        <div class="card" data-testid="staff-detail">
          <h2>
            {t('submission.detail')}: {detail.student}
          </h2>
          <h3>{t('submission.files')}</h3>
          {detail.fileContents.map((file) => (
            <details key={file.path}>
              <summary>{file.path}</summary>
              <pre>
                <code>{file.content}</code>
              </pre>
            </details>
          ))}
          <h3>{t('submission.runs')}</h3>
          {detail.runs.map((run) => (
            <details key={run.id}>
              <summary>
                {run.workerName} · {t(`run.outcome.${run.outcome}` as MessageKey)} ·{' '}
                {run.imageDigest ?? ''}
                {run.placement ? ` · ${describePlacement(t, run.placement)}` : ''}
              </summary>
              <pre>{JSON.stringify(run.timings)}</pre>
              <h4>{t('submission.log')}</h4>
              <pre>{run.logTail}</pre>
            </details>
          ))}
          <h3>{t('submission.gradeChanges')}</h3>
          <ul>
            {detail.gradeChanges.map((change) => (
              <li key={change.createdAt} title={change.reason}>
                {formatDate(locale, change.createdAt)}: {formatScore(locale, change.previousScore)}{' '}
                → {formatScore(locale, change.newScore)} (
                {change.changedBy ?? t('gradeChange.byWorker')}:{' '}
                {gradeChangeReason(t, change.reason)})
              </li>
            ))}
          </ul>
          <form onSubmit={(event) => void saveGrade(event)} class="inline">
            <label for="regrade-score">{t('submission.changeGrade')}</label>
            <input
              id="regrade-score"
              type="number"
              min="0"
              max="100"
              step="0.1"
              value={regrade.score}
              onInput={(event) => setRegrade({ ...regrade, score: event.currentTarget.value })}
            />
            <label for="regrade-reason">{t('submission.reason')}</label>
            <input
              id="regrade-reason"
              value={regrade.reason}
              onInput={(event) => setRegrade({ ...regrade, reason: event.currentTarget.value })}
            />
            <button type="submit">{t('submission.save')}</button>
          </form>
        </div>
      )}
      <ErrorText error={error} />
    </section>
  );
}

/** One line for the run record: runner, then GPU and cluster details where there are any. */
function describePlacement(t: Translate, placement: Record<string, string | undefined>): string {
  return ['runner', 'gpuModel', 'gpuDriver', 'gpuDevice', 'jobId', 'node', 'environment']
    .filter((key) => placement[key])
    .map((key) => `${t(`run.placement.${key}` as MessageKey)} ${placement[key]}`)
    .join(', ');
}

/**
 * The worker's stored reason (English, written by SubmissionGradingService) in the page's
 * language; a person's own reason shows as they typed it. The stored text stays the audit record.
 */
const WORKER_REASON = /^graded by worker (\S+) in run (\S+)$/;

function gradeChangeReason(t: Translate, reason: string): string {
  const worker = WORKER_REASON.exec(reason);
  return worker ? t('gradeChange.workerGraded', { worker: worker[1], run: worker[2] }) : reason;
}
