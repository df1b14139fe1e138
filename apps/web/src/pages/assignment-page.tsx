import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type AssignmentDetail, type Locale, type SubmissionSummary } from '../api';
import { ChartView } from '../chart';
import {
  formatAlternatives,
  formatBytes,
  formatDate,
  formatScore,
  useI18n,
  type MessageKey,
} from '../i18n';
import { ErrorText } from './error-text';
import { Markdown } from './markdown';
import { PolicyCard } from './policy-card';

export function AssignmentPage(props: { slug: string; onLocale: (locale: Locale) => void }) {
  const { t, locale } = useI18n();
  const [detail, setDetail] = useState<AssignmentDetail | null>(null);
  const [history, setHistory] = useState<SubmissionSummary[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(0);
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api<AssignmentDetail>(`/api/assignments/${props.slug}?lang=${locale}`).then(
      setDetail,
      setError,
    );
    api<SubmissionSummary[]>(`/api/assignments/${props.slug}/submissions`).then(
      setHistory,
      setError,
    );
  }, [props.slug, locale]);

  const send = async (event: Event): Promise<void> => {
    event.preventDefault();
    const form = new FormData();
    for (const file of files) form.append('files', file, file.name);
    try {
      const receipt = await api<{ id: string }>(`/api/assignments/${props.slug}/submissions`, {
        method: 'POST',
        body: form,
      });
      location.hash = `#/submissions/${receipt.id}`;
    } catch (failure) {
      setError(failure);
      // A rejection may have changed nothing, but the counts shown should match the server.
      setSent((count) => count + 1);
    }
  };

  if (!detail)
    return (
      <section>
        <ErrorText error={error} />
        {!error && <p>{t('loading')}</p>}
      </section>
    );
  const graded = [...history].reverse().filter((row) => row.score !== null);
  return (
    <section>
      <h1>{detail.title[locale]}</h1>
      <div class="columns">
        <article class="card task" aria-label={t('assignment.task')}>
          <Markdown
            text={detail.readme}
            linkBase={`/api/assignments/${detail.slug}/files/`}
            onLocale={props.onLocale}
          />
        </article>
        <div>
          <PolicyCard slug={props.slug} refresh={sent} />
          <form class="card" onSubmit={(event) => void send(event)}>
            <h2>{t('assignment.upload')}</h2>
            <div
              class={dragging ? 'dropzone active' : 'dropzone'}
              data-testid="dropzone"
              onDragOver={(event) => {
                event.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={(event) => {
                event.preventDefault();
                setDragging(false);
                setFiles([...(event.dataTransfer?.files ?? [])]);
              }}
            >
              <p>
                {t('assignment.dropHint', {
                  types: formatAlternatives(locale, detail.acceptedFiles),
                })}
              </p>
              <label for="files" class="button">
                {t('assignment.choose')}
              </label>
              <input
                id="files"
                ref={picker}
                type="file"
                multiple
                class="visually-hidden"
                accept={detail.acceptedFiles.join(',')}
                onChange={(event) => setFiles([...(event.currentTarget.files ?? [])])}
              />
              {files.length > 0 && (
                <p>{t('assignment.selected', { names: files.map((f) => f.name).join(', ') })}</p>
              )}
            </div>
            <p class="hint">
              {t.count('assignment.limits', detail.uploadLimits.maxFiles, {
                size: formatBytes(locale, detail.uploadLimits.maxBytes),
              })}
            </p>
            <button type="submit" disabled={files.length === 0}>
              {t('assignment.send')}
            </button>
            <ErrorText error={error} />
          </form>
          <div class="card">
            <h2>{t('assignment.history')}</h2>
            {graded.length > 1 && (
              <ChartView
                testId="history-chart"
                label={t('assignment.chart')}
                config={{
                  type: 'line',
                  data: {
                    labels: graded.map((row) => formatDate(locale, row.createdAt)),
                    datasets: [
                      {
                        label: t('assignment.score'),
                        data: graded.map((row) => row.score ?? 0),
                        borderColor: '#1a56db',
                      },
                    ],
                  },
                  options: { scales: { y: { min: 0, max: 100 } } },
                }}
              />
            )}
            {history.length === 0 ? (
              <p>{t('assignment.noSubmissions')}</p>
            ) : (
              <table data-testid="history">
                <thead>
                  <tr>
                    <th scope="col">{t('assignment.when')}</th>
                    <th scope="col">{t('assignment.status')}</th>
                    <th scope="col">{t('assignment.score')}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((row) => (
                    <tr key={row.id}>
                      <td>
                        <a href={`#/submissions/${row.id}`}>{formatDate(locale, row.createdAt)}</a>
                      </td>
                      <td>{t(`status.${row.status}` as MessageKey)}</td>
                      <td>{formatScore(locale, row.score)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
