import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { ErrorText } from './error-text';

interface Enrolment {
  userId: string;
  email: string;
  displayName: string;
  role: string;
  studentNumber: string | null;
}

export function EnrolmentPage(props: { course: string }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<Enrolment[]>([]);
  const [csv, setCsv] = useState('');
  const [imported, setImported] = useState<{
    enrolled: number;
    created: { email: string; initialPassword: string }[];
  } | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [reset, setReset] = useState<{ email: string; password: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const base = `/api/courses/${props.course}`;
  const load = (): void => void api<Enrolment[]>(`${base}/enrolments`).then(setRows, setError);
  useEffect(load, [props.course]);
  const run = async (action: () => Promise<void>): Promise<void> => {
    try {
      setError(null);
      await action();
      load();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section>
      <h1>{t('enrolment.heading', { course: props.course })}</h1>
      <ErrorText error={error} />
      <div class="grid">
        <form
          class="card"
          onSubmit={(event) => {
            event.preventDefault();
            void run(async () =>
              setImported(
                await api(`${base}/enrolments/import`, {
                  method: 'POST',
                  body: JSON.stringify({ csv }),
                }),
              ),
            );
          }}
        >
          <h2>{t('enrolment.import')}</h2>
          <label for="csv">{t('enrolment.csvHelp')}</label>
          <textarea
            id="csv"
            rows={6}
            value={csv}
            onInput={(event) => setCsv(event.currentTarget.value)}
          />
          <button type="submit">{t('enrolment.importButton')}</button>
          {imported && (
            <div role="status">
              <p>{t.count('enrolment.imported', imported.enrolled)}</p>
              <pre>
                {imported.created.map((row) => `${row.email}\t${row.initialPassword}`).join('\n')}
              </pre>
            </div>
          )}
        </form>
        <div class="card">
          <h2>{t('enrolment.invite')}</h2>
          <button
            type="button"
            onClick={() =>
              void run(async () =>
                setLink((await api<{ url: string }>(`${base}/invitation`, { method: 'POST' })).url),
              )
            }
          >
            {t('enrolment.inviteButton')}
          </button>
          {link && <pre>{link}</pre>}
        </div>
      </div>
      {reset && (
        <p role="status" class="notice">
          {t('enrolment.newPassword', { email: reset.email, password: reset.password })}
        </p>
      )}
      <table data-testid="enrolments">
        <thead>
          <tr>
            <th scope="col">{t('dashboard.student')}</th>
            <th scope="col">ID</th>
            <th scope="col">{t('enrolment.role')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('enrolment.resetPassword')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.userId}>
              <td>
                {row.displayName} &lt;{row.email}&gt;
              </td>
              <td>{row.studentNumber ?? ''}</td>
              <td>
                <select
                  aria-label={`${t('enrolment.role')}: ${row.email}`}
                  value={row.role}
                  onChange={(event) => {
                    const role = event.currentTarget.value;
                    void run(() =>
                      api(`${base}/enrolments/${row.userId}`, {
                        method: 'PATCH',
                        body: JSON.stringify({ role }),
                      }),
                    );
                  }}
                >
                  {['student', 'ta', 'instructor'].map((role) => (
                    <option key={role} value={role}>
                      {t(`role.${role}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {row.role !== 'instructor' && (
                  <button
                    type="button"
                    onClick={() =>
                      void run(async () =>
                        setReset({
                          email: row.email,
                          password: (
                            await api<{ temporaryPassword: string }>(
                              `${base}/users/${row.userId}/password-reset`,
                              { method: 'POST' },
                            )
                          ).temporaryPassword,
                        }),
                      )
                    }
                  >
                    {t('enrolment.resetPassword')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
