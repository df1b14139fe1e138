import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Locale, type Me } from '../api';
import { useI18n } from '../i18n';
import { ErrorText } from './error-text';
import { LanguageToggle } from './language-toggle';

export function JoinPage(props: {
  code: string;
  me: Me | null;
  onJoined: (me: Me) => void;
  onLocale: (locale: Locale) => void;
}) {
  const { t, locale } = useI18n();
  const [course, setCourse] = useState<{ title: Record<Locale, string> } | null>(null);
  const [form, setForm] = useState({ email: '', displayName: '', password: '' });
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ title: Record<Locale, string> }>(`/api/invitations/${props.code}`).then(
      setCourse,
      setError,
    );
  }, [props.code]);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      const result = await api<{ user: Me }>(`/api/invitations/${props.code}`, {
        method: 'POST',
        body: JSON.stringify(props.me ? {} : form),
      });
      props.onJoined(result.user);
      location.hash = '#/';
    } catch (failure) {
      setError(failure);
    }
  };
  const update = (key: keyof typeof form) => (event: { currentTarget: HTMLInputElement }) =>
    setForm({ ...form, [key]: event.currentTarget.value });
  const toggle = props.me ? null : <LanguageToggle onLocale={props.onLocale} />;
  // The lookup returns 404 for a code that never existed and for one the instructor replaced.
  if (error instanceof ApiError && error.status === 404 && !course) {
    return (
      <section class="card narrow">
        <h1>{t('join.invalidHeading')}</h1>
        <p role="alert" class="error" data-testid="error">
          {t('join.invalidLink')}
        </p>
        {toggle}
      </section>
    );
  }
  return (
    <section class="card narrow">
      <h1>{t('join.heading', { course: course?.title[locale] ?? '' })}</h1>
      <form onSubmit={(event) => void submit(event)}>
        {!props.me && (
          <>
            <label for="join-name">{t('join.name')}</label>
            <input
              id="join-name"
              type="text"
              required
              value={form.displayName}
              onInput={update('displayName')}
            />
            <label for="join-email">{t('login.email')}</label>
            <input
              id="join-email"
              type="email"
              required
              value={form.email}
              onInput={update('email')}
            />
            <label for="join-password">{t('login.password')}</label>
            <input
              id="join-password"
              type="password"
              required
              minLength={10}
              value={form.password}
              onInput={update('password')}
            />
          </>
        )}
        <button type="submit">{t('join.submit')}</button>
      </form>
      <ErrorText error={error} />
      {toggle}
    </section>
  );
}
