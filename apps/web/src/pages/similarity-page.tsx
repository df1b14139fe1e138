import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type AssignmentDetail } from '../api';
import { formatDate, formatPercent, useI18n, type Translate } from '../i18n';
import { ErrorText } from './error-text';

interface LineRange {
  path: string;
  startLine: number;
  endLine: number;
}

interface Region {
  left: LineRange;
  right: LineRange;
  tokens: number;
}

interface PairSide {
  submissionId: string;
  email: string;
  displayName: string;
}

interface Pair {
  left: PairSide;
  right: PairSide;
  jaccard: number;
  leftContainment: number;
  rightContainment: number;
  regions: Region[];
}

interface Report {
  students: number;
  k: number;
  w: number;
  computedAt: string;
  computeMs: number;
  pairs: Pair[];
}

interface SubmissionFiles {
  fileContents: { path: string; content: string }[];
}

/** Highlight colours of regions, in order; each meets 4.5:1 contrast with #111827 text. */
const REGION_COLOURS = ['#fde68a', '#bfdbfe', '#bbf7d0', '#fbcfe8', '#ddd6fe', '#fed7aa'];

function rangeText(t: Translate, range: LineRange): string {
  return t('similarity.lines', { path: range.path, from: range.startLine, to: range.endLine });
}

/** Renders one submission's files with line numbers, each line inside a region in its colour. */
function CodeColumn(props: { testId: string; files: SubmissionFiles | null; ranges: LineRange[] }) {
  if (!props.files) return <div class="similarity-code" />;
  return (
    <div class="similarity-code" data-testid={props.testId}>
      {props.files.fileContents.map((file) => (
        <figure key={file.path}>
          <figcaption>{file.path}</figcaption>
          <pre>
            {file.content.split('\n').map((text, index) => {
              const line = index + 1;
              const region = props.ranges.findIndex(
                (range) =>
                  range.path === file.path && range.startLine <= line && line <= range.endLine,
              );
              const style =
                region >= 0
                  ? { background: REGION_COLOURS[region % REGION_COLOURS.length] }
                  : undefined;
              return (
                <code
                  key={line}
                  class={region >= 0 ? 'matched' : undefined}
                  data-region={region >= 0 ? region + 1 : undefined}
                  style={style}
                >
                  <span class="line-number" aria-hidden="true">
                    {line}
                  </span>
                  {text}
                </code>
              );
            })}
          </pre>
        </figure>
      ))}
    </div>
  );
}

/** Renders the pair's two submissions next to each other with the matched regions highlighted. */
function SideBySide(props: { pair: Pair }) {
  const { t } = useI18n();
  const [left, setLeft] = useState<SubmissionFiles | null>(null);
  const [right, setRight] = useState<SubmissionFiles | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setLeft(null);
    setRight(null);
    api<SubmissionFiles>(`/api/submissions/${props.pair.left.submissionId}/detail`).then(
      setLeft,
      setError,
    );
    api<SubmissionFiles>(`/api/submissions/${props.pair.right.submissionId}/detail`).then(
      setRight,
      setError,
    );
  }, [props.pair]);
  return (
    <section class="card" data-testid="side-by-side">
      <h2>
        {t('similarity.sideBySide', {
          left: props.pair.left.displayName || props.pair.left.email,
          right: props.pair.right.displayName || props.pair.right.email,
        })}
      </h2>
      <ErrorText error={error} />
      <ol class="similarity-regions">
        {props.pair.regions.map((region, index) => (
          <li
            key={index}
            style={{ background: REGION_COLOURS[index % REGION_COLOURS.length] }}
            data-testid="region"
          >
            {t('similarity.region', {
              index: index + 1,
              left: rangeText(t, region.left),
              right: rangeText(t, region.right),
            })}
          </li>
        ))}
      </ol>
      <div class="similarity-columns">
        <CodeColumn
          testId="left-code"
          files={left}
          ranges={props.pair.regions.map((region) => region.left)}
        />
        <CodeColumn
          testId="right-code"
          files={right}
          ranges={props.pair.regions.map((region) => region.right)}
        />
      </div>
    </section>
  );
}

/** Lists the pairs of an assignment's latest submissions with the highest similarity, for staff. */
export function SimilarityPage(props: { slug: string }) {
  const { t, locale } = useI18n();
  const [report, setReport] = useState<Report | null>(null);
  const [assignment, setAssignment] = useState<AssignmentDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<Pair | null>(null);
  useEffect(() => {
    api<Report>(`/api/assignments/${props.slug}/similarity?limit=50`).then((found) => {
      setReport(found);
      setChosen(found.pairs[0] ?? null);
    }, setError);
    api<AssignmentDetail>(`/api/assignments/${props.slug}?lang=${locale}`).then(
      setAssignment,
      setError,
    );
  }, [props.slug, locale]);

  if (error instanceof ApiError && error.status === 422) {
    return (
      <section>
        <p role="alert" class="error" data-testid="error">
          {t('similarity.tooLarge')}
        </p>
      </section>
    );
  }
  if (!report || !assignment) {
    return (
      <section>
        <ErrorText error={error} />
        {!error && <p>{t('loading')}</p>}
      </section>
    );
  }
  return (
    <section>
      <h1>{t('similarity.heading', { title: assignment.title[locale] })}</h1>
      <p>{t.count('similarity.intro', report.students)}</p>
      <p>
        {t.count('similarity.computed', report.k, {
          date: formatDate(locale, report.computedAt),
          ms: report.computeMs,
          w: report.w,
        })}
      </p>
      {report.pairs.length === 0 ? (
        <p data-testid="no-pairs">{t('similarity.none')}</p>
      ) : (
        <>
          <h2>{t('similarity.pairs')}</h2>
          <table data-testid="pairs">
            <thead>
              <tr>
                <th scope="col">{t('similarity.students')}</th>
                <th scope="col">{t('similarity.score')}</th>
                <th scope="col">{t('similarity.containment')}</th>
                <th scope="col">{t('similarity.regions')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {report.pairs.map((pair) => (
                <tr
                  key={`${pair.left.submissionId}/${pair.right.submissionId}`}
                  aria-current={pair === chosen ? 'true' : undefined}
                >
                  <td>
                    {pair.left.displayName} &lt;{pair.left.email}&gt;
                    <br />
                    {pair.right.displayName} &lt;{pair.right.email}&gt;
                  </td>
                  <td>{formatPercent(locale, pair.jaccard, 0)}</td>
                  <td>
                    {formatPercent(locale, pair.leftContainment, 0)}
                    <br />
                    {formatPercent(locale, pair.rightContainment, 0)}
                  </td>
                  <td>{pair.regions.length}</td>
                  <td>
                    <button type="button" class="link" onClick={() => setChosen(pair)}>
                      {t('similarity.show')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {chosen && <SideBySide pair={chosen} />}
        </>
      )}
    </section>
  );
}
