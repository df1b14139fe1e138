import { useEffect, useState } from 'preact/hooks';
import { api, type AssignmentDetail } from '../api';
import { ChartView, wrapLabel } from '../chart';
import { formatScore, useI18n } from '../i18n';
import { CalibrationCard } from './calibration-card';
import { ErrorText } from './error-text';

interface Dashboard {
  histogram: { from: number; to: number; count: number }[];
  checks: { id: string; title: string; passRate: number }[];
  perDay: { day: string; count: number }[];
  students: {
    userId: string;
    email: string;
    displayName: string;
    submissions: number;
    bestScore: number | null;
    countingScore: number | null;
    lastScore: number | null;
    lastSubmissionId: string | null;
    lateDays: number;
  }[];
}

/** Height per check in the pass-rate chart: room for a label of up to four lines. */
const PASS_RATE_ROW_PX = 64;
/** Characters per line of a check title beside its bar; longer lines get clipped in a grid card. */
const PASS_RATE_LABEL_CHARS = 20;

export function DashboardPage(props: { slug: string }) {
  const { t, locale } = useI18n();
  const [data, setData] = useState<Dashboard | null>(null);
  const [assignment, setAssignment] = useState<AssignmentDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<Dashboard>(`/api/assignments/${props.slug}/dashboard?lang=${locale}`).then(
      setData,
      setError,
    );
    api<AssignmentDetail>(`/api/assignments/${props.slug}?lang=${locale}`).then(
      setAssignment,
      setError,
    );
  }, [props.slug, locale]);
  if (!data || !assignment)
    return (
      <section>
        <ErrorText error={error} />
        {!error && <p>{t('loading')}</p>}
      </section>
    );
  return (
    <section>
      <h1>{t('dashboard.heading', { title: assignment.title[locale] })}</h1>
      <p>
        <a
          class="button"
          href={`/api/courses/${assignment.course}/grades.csv`}
          download={`${assignment.course}-grades.csv`}
          data-testid="export"
        >
          {t('dashboard.export')}
        </a>{' '}
        <a class="button" href={`#/assignments/${props.slug}/similarity`} data-testid="similarity">
          {t('similarity.link')}
        </a>
        {assignment.role !== 'ta' && (
          <>
            {' '}
            <a class="button" href={`#/assignments/${props.slug}/reruns`} data-testid="reruns">
              {t('reruns.link')}
            </a>
          </>
        )}
      </p>
      <div class="grid">
        <div class="card">
          <h2>{t('dashboard.histogram')}</h2>
          <ChartView
            testId="histogram"
            label={t('dashboard.histogram')}
            config={{
              type: 'bar',
              data: {
                labels: data.histogram.map((bin) => `${bin.from}–${bin.to}`),
                datasets: [
                  {
                    label: t('dashboard.count'),
                    data: data.histogram.map((bin) => bin.count),
                    backgroundColor: '#1a56db',
                  },
                ],
              },
              options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
            }}
          />
        </div>
        <div class="card">
          <h2>{t('dashboard.passRates')}</h2>
          <ChartView
            testId="pass-rates"
            label={t('dashboard.passRates')}
            height={Math.max(260, data.checks.length * PASS_RATE_ROW_PX)}
            config={{
              type: 'bar',
              data: {
                labels: data.checks.map((check) => wrapLabel(check.title, PASS_RATE_LABEL_CHARS)),
                datasets: [
                  {
                    label: t('dashboard.passRate'),
                    data: data.checks.map((check) => check.passRate * 100),
                    backgroundColor: '#047857',
                  },
                ],
              },
              options: {
                indexAxis: 'y',
                // Every check keeps its label; Chart.js would otherwise drop some to fit.
                scales: { x: { min: 0, max: 100 }, y: { ticks: { autoSkip: false } } },
                plugins: {
                  tooltip: {
                    callbacks: {
                      title: (items) => data.checks[items[0]?.dataIndex ?? 0]?.title ?? '',
                    },
                  },
                },
              },
            }}
          />
        </div>
        <div class="card">
          <h2>{t('dashboard.overTime')}</h2>
          <ChartView
            testId="per-day"
            label={t('dashboard.overTime')}
            config={{
              type: 'line',
              data: {
                labels: data.perDay.map((row) => row.day),
                datasets: [
                  {
                    label: t('assignments.submissions'),
                    data: data.perDay.map((row) => row.count),
                    borderColor: '#b45309',
                  },
                ],
              },
              options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
            }}
          />
        </div>
      </div>
      <CalibrationCard slug={props.slug} />
      <h2>{t('dashboard.students')}</h2>
      <table data-testid="students">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.student')}</th>
            <th scope="col">{t('assignments.submissions')}</th>
            <th scope="col">{t('dashboard.counting')}</th>
            <th scope="col">{t('dashboard.best')}</th>
            <th scope="col">{t('dashboard.last')}</th>
            <th scope="col">{t('dashboard.late')}</th>
          </tr>
        </thead>
        <tbody>
          {data.students.map((row) => (
            <tr key={row.userId}>
              <td>
                {row.displayName} &lt;{row.email}&gt;
              </td>
              <td>{row.submissions}</td>
              <td data-testid="counting-score">{formatScore(locale, row.countingScore)}</td>
              <td>{formatScore(locale, row.bestScore)}</td>
              <td>
                {row.lastSubmissionId ? (
                  <a href={`#/submissions/${row.lastSubmissionId}`}>
                    {formatScore(locale, row.lastScore)}
                  </a>
                ) : (
                  '—'
                )}
              </td>
              <td>{row.lateDays}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
