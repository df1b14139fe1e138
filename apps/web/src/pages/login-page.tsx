import { useState } from 'preact/hooks';
import { api, ApiError, type Locale, type Me } from '../api';
import { useI18n } from '../i18n';
import { LanguageToggle } from './language-toggle';

export function LoginPage(props: {
  onLogin: (me: Me) => void;
  onLocale: (locale: Locale) => void;
}) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      const result = await api<{ user: Me }>('/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ email, password }),
      });
      props.onLogin(result.user);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 429
          ? t('login.locked')
          : t('login.failed'),
      );
    }
  };
  return (
    <section class="card narrow">
      <h1>{t('login.heading')}</h1>
      <form onSubmit={(event) => void submit(event)}>
        <label for="email">{t('login.email')}</label>
        <input
          id="email"
          type="email"
          autocomplete="username"
          required
          value={email}
          onInput={(event) => setEmail(event.currentTarget.value)}
        />
        <label for="password">{t('login.password')}</label>
        <input
          id="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(event) => setPassword(event.currentTarget.value)}
        />
        <button type="submit">{t('login.submit')}</button>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
      <LanguageToggle onLocale={props.onLocale} />
    </section>
  );
}
