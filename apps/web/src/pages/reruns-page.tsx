import { useEffect, useState } from 'preact/hooks';
import { api, type AssignmentDetail, type RerunSetView } from '../api';
import { formatDate, useI18n, type MessageKey } from '../i18n';
import { ErrorText } from './error-text';

/** Lists an assignment's rerun sets, with a form that reruns every graded submission (instructors). */
export function RerunsPage(props: { slug: string }) {
  const { t, locale } = useI18n();
  const [assignment, setAssignment] = useState<AssignmentDetail | null>(null);
  const [sets, setSets] = useState<RerunSetView[] | null>(null);
  const [reason, setReason] = useState('');
  const [version, setVersion] = useState('');
  const [error, setError] = useState<unknown>(null);

  const load = (): void => {
    api<RerunSetView[]>(`/api/assignments/${props.slug}/reruns`).then(setSets, setError);
  };
  useEffect(() => {
    api<AssignmentDetail>(`/api/assignments/${props.slug}?lang=${locale}`).then(
      setAssignment,
      setError,
    );
    load();
  }, [props.slug, locale]);

  const start = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      const created = await api<RerunSetView>(`/api/assignments/${props.slug}/reruns`, {
        method: 'POST',
        body: JSON.stringify({
          scope: 'assignment',
          reason,
          ...(version.trim() ? { assignmentVersion: Number(version) } : {}),
        }),
      });
      location.hash = `#/reruns/${created.id}`;
    } catch (failure) {
      setError(failure);
    }
  };

  if (!assignment || !sets)
    return (
      <section>
        <ErrorText error={error} />
        {!error && <p>{t('loading')}</p>}
      </section>
    );
  return (
    <section>
      <h1>{t('reruns.heading', { title: assignment.title[locale] })}</h1>
      <form class="card" onSubmit={(event) => void start(event)}>
        <h2>{t('reruns.create')}</h2>
        <label>
          {t('reruns.reason')}{' '}
          <input
            value={reason}
            required
            minLength={3}
            data-testid="rerun-reason"
            onInput={(event) => setReason(event.currentTarget.value)}
          />
        </label>{' '}
        <label>
          {t('reruns.version')}{' '}
          <input
            type="number"
            min={1}
            value={version}
            onInput={(event) => setVersion(event.currentTarget.value)}
          />
        </label>{' '}
        <button type="submit">{t('reruns.start')}</button>
        <ErrorText error={error} />
      </form>
      <div class="card">
        <h2>{t('reruns.sets')}</h2>
        {sets.length === 0 ? (
          <p>{t('reruns.none')}</p>
        ) : (
          <table data-testid="rerun-sets">
            <thead>
              <tr>
                <th scope="col">{t('reruns.created')}</th>
                <th scope="col">{t('reruns.scope')}</th>
                <th scope="col">{t('reruns.reason')}</th>
                <th scope="col">{t('reruns.status')}</th>
                <th scope="col">{t('reruns.progress')}</th>
              </tr>
            </thead>
            <tbody>
              {sets.map((set) => (
                <tr key={set.id}>
                  <td>
                    <a href={`#/reruns/${set.id}`}>{formatDate(locale, set.createdAt)}</a>
                  </td>
                  <td>{t(`reruns.scope.${set.scope}` as MessageKey)}</td>
                  <td>{set.reason}</td>
                  <td>{t(`reruns.status.${set.status}` as MessageKey)}</td>
                  <td>
                    {(set.counts.graded ?? 0) + (set.counts.failed ?? 0)} /{' '}
                    {Object.values(set.counts).reduce((sum, count) => sum + count, 0)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
