import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Locale, type Me } from './api';
import { LocaleContext, rememberLocale, storedLocale, translator, useI18n } from './i18n';
import { AssignmentPage } from './pages/assignment-page';
import { AssignmentsPage } from './pages/assignments-page';
import { DashboardPage } from './pages/dashboard-page';
import { EnrolmentPage } from './pages/enrolment-page';
import { JoinPage } from './pages/join-page';
import { LoginPage } from './pages/login-page';
import { QueuePage } from './pages/queue-page';
import { SimilarityPage } from './pages/similarity-page';
import { RerunReviewPage } from './pages/rerun-review-page';
import { RerunsPage } from './pages/reruns-page';
import { SubmissionPage } from './pages/submission-page';
import { TokensPage } from './pages/tokens-page';
import './styles.css';

/** The part of the URL after `#`, e.g. `/assignments/kmeans`. */
function useRoute(): string[] {
  const read = (): string[] => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = (): void => setRoute(read());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

function isStaff(me: Me): boolean {
  return me.role === 'admin' || me.courses.some((c) => c.role === 'ta' || c.role === 'instructor');
}

function Navigation(props: { me: Me; onLocale: (locale: Locale) => void; onLogout: () => void }) {
  const { t, locale } = useI18n();
  const instructorOf = props.me.courses.find((c) => c.role === 'instructor' || c.role === 'admin');
  return (
    <header>
      <nav aria-label="main">
        <strong>{t('app.title')}</strong>
        <a href="#/">{t('nav.assignments')}</a>
        <a href="#/tokens">{t('nav.tokens')}</a>
        {isStaff(props.me) && <a href="#/queue">{t('nav.queue')}</a>}
        {instructorOf && (
          <a href={`#/courses/${instructorOf.slug}/enrolment`}>{t('nav.enrolment')}</a>
        )}
        <span class="spacer" />
        <label>
          {t('nav.language')}{' '}
          <select
            value={locale}
            data-testid="language"
            onChange={(event) => props.onLocale(event.currentTarget.value as Locale)}
          >
            <option value="en">English</option>
            <option value="lv">Latviešu</option>
          </select>
        </label>
        <span>{props.me.displayName}</span>
        <button type="button" onClick={props.onLogout}>
          {t('nav.logout')}
        </button>
      </nav>
    </header>
  );
}

function App() {
  const route = useRoute();
  const [locale, setLocale] = useState<Locale>(storedLocale());
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    api<Me>('/api/me')
      .then((found) => {
        setMe(found);
        setLocale(found.locale);
        rememberLocale(found.locale);
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) setMe(null);
        else setMe(null);
      });
  }, []);

  const changeLocale = (next: Locale): void => {
    setLocale(next);
    rememberLocale(next);
    if (me) void api<Me>('/api/me', { method: 'PATCH', body: JSON.stringify({ locale: next }) });
  };
  const logout = (): void => {
    void api('/api/auth/logout', { method: 'POST' }).then(() => {
      setMe(null);
      location.hash = '#/';
    });
  };
  const loggedIn = (user: Me): void => {
    setMe(user);
    setLocale(user.locale);
    rememberLocale(user.locale);
  };

  const t = translator(locale);
  let page;
  if (me === undefined) page = <p>{t('loading')}</p>;
  else if (route[0] === 'join' && route[1])
    page = <JoinPage code={route[1]} me={me} onJoined={loggedIn} />;
  else if (me === null) page = <LoginPage onLogin={loggedIn} onLocale={changeLocale} />;
  else if (route[0] === 'assignments' && route[1] && route[2] === 'dashboard')
    page = <DashboardPage slug={route[1]} />;
  else if (route[0] === 'assignments' && route[1] && route[2] === 'similarity')
    page = <SimilarityPage slug={route[1]} />;
  else if (route[0] === 'assignments' && route[1] && route[2] === 'reruns')
    page = <RerunsPage slug={route[1]} />;
  else if (route[0] === 'reruns' && route[1]) page = <RerunReviewPage id={route[1]} />;
  else if (route[0] === 'assignments' && route[1]) page = <AssignmentPage slug={route[1]} />;
  else if (route[0] === 'submissions' && route[1]) page = <SubmissionPage id={route[1]} />;
  else if (route[0] === 'tokens') page = <TokensPage />;
  else if (route[0] === 'queue') page = <QueuePage />;
  else if (route[0] === 'courses' && route[1] && route[2] === 'enrolment')
    page = <EnrolmentPage course={route[1]} />;
  else page = <AssignmentsPage me={me} />;

  return (
    <LocaleContext.Provider value={{ locale, t }}>
      {me && <Navigation me={me} onLocale={changeLocale} onLogout={logout} />}
      <main id="main">{page}</main>
    </LocaleContext.Provider>
  );
}

rememberLocale(storedLocale());
render(<App />, document.getElementById('app') as HTMLElement);
