import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { formatMeasured, useI18n } from '../i18n';
import { toleranceText } from '../tolerance-text';

interface CalibrationTask {
  taskId: string;
  reference: number | null;
  baseline: number | null;
  seeds: { seed: number; value: number }[];
}

interface CalibrationCheck {
  checkId: string;
  title: { en: string; lv: string };
  tolerance: {
    source: 'manifest' | 'seeds';
    value: number | null;
    unclamped: number | null;
    min: number | null;
    max: number | null;
    rule: { en: string; lv: string } | null;
  };
  tasks: CalibrationTask[];
}

/** Body of GET /api/assignments/:slug/calibration (CalibrationDto in apps/api). */
interface Calibration {
  status: 'pending' | 'ready';
  seeds: number[];
  canonicalSeed: number | null;
  checks: CalibrationCheck[];
}

/**
 * Staff view of how each check's score scale was set: the reference's value with the canonical
 * seed, the baseline, every calibration seed's value and the tolerance with its source. The API
 * refuses students, and the card hides itself on any error.
 */
export function CalibrationCard(props: { slug: string }) {
  const { t, locale } = useI18n();
  const [calibration, setCalibration] = useState<Calibration | null>(null);
  useEffect(() => {
    api<Calibration>(`/api/assignments/${props.slug}/calibration`).then(setCalibration, () =>
      setCalibration(null),
    );
  }, [props.slug]);
  if (!calibration) return null;
  const rule = calibration.checks.find((check) => check.tolerance.rule)?.tolerance.rule;
  return (
    <div class="card" data-testid="calibration">
      <h2>{t('calibration.heading')}</h2>
      <p>
        {calibration.status === 'pending'
          ? t('calibration.pending')
          : calibration.seeds.length
            ? t('calibration.seeds', {
                seeds: calibration.seeds.join(', '),
                canonical: calibration.canonicalSeed ?? '—',
              })
            : t('calibration.noSeeds')}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('calibration.check')}</th>
            <th scope="col">{t('calibration.task')}</th>
            <th scope="col">{t('calibration.baseline')}</th>
            <th scope="col">{t('calibration.reference')}</th>
            <th scope="col">{t('calibration.seedValues')}</th>
            <th scope="col">{t('calibration.tolerance')}</th>
          </tr>
        </thead>
        <tbody>
          {calibration.checks.flatMap((check) =>
            check.tasks.map((task, index) => (
              <tr
                key={`${check.checkId}/${task.taskId}`}
                data-testid={`calibration-${check.checkId}`}
              >
                <td>{index === 0 ? check.title[locale] : ''}</td>
                <td>{task.taskId}</td>
                <td>{formatMeasured(locale, task.baseline)}</td>
                <td>{formatMeasured(locale, task.reference)}</td>
                <td>
                  {task.seeds.length
                    ? task.seeds
                        .map((entry) => `${entry.seed}: ${formatMeasured(locale, entry.value)}`)
                        .join('; ')
                    : '—'}
                </td>
                <td>
                  {index === 0 &&
                    toleranceText(t, locale, { ...check.tolerance, seeds: calibration.seeds })}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      {rule && <p>{t('calibration.rule', { rule: rule[locale] })}</p>}
    </div>
  );
}
