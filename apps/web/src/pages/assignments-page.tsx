import { useEffect, useState } from 'preact/hooks';
import { api, type AssignmentItem, type Me } from '../api';
import { formatDate, formatScore, useI18n } from '../i18n';
import { ErrorText } from './error-text';

export function AssignmentsPage(props: { me: Me }) {
  const { t, locale } = useI18n();
  const [items, setItems] = useState<AssignmentItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<AssignmentItem[]>('/api/assignments').then(setItems, setError);
  }, []);
  const staffIn = (course: string): boolean =>
    props.me.role === 'admin' ||
    props.me.courses.some((c) => c.slug === course && (c.role === 'ta' || c.role === 'instructor'));
  return (
    <section>
      <h1>{t('assignments.heading')}</h1>
      <ErrorText error={error} />
      {!items && !error && <p>{t('loading')}</p>}
      {items && (
        <table data-testid="assignments">
          <thead>
            <tr>
              <th scope="col">{t('assignments.number')}</th>
              <th scope="col">{t('assignments.title')}</th>
              <th scope="col">{t('assignments.deadline')}</th>
              <th scope="col">{t('assignments.best')}</th>
              <th scope="col">{t('assignments.submissions')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('assignments.dashboard')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.slug}>
                <td>{item.number}</td>
                <td>
                  <a href={`#/assignments/${item.slug}`}>{item.title[locale]}</a>
                </td>
                <td>
                  {item.deadline ? formatDate(locale, item.deadline) : t('assignments.noDeadline')}
                </td>
                <td>{formatScore(locale, item.bestScore)}</td>
                <td>{item.submissions}</td>
                <td>
                  {staffIn(item.course) && (
                    <a href={`#/assignments/${item.slug}/dashboard`}>
                      {t('assignments.dashboard')}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
