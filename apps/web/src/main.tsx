import { render, type JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type AssignmentItem, type Locale, type Me } from './api';
import {
  LocaleContext,
  rememberLocale,
  storedLocale,
  translator,
  useI18n,
  type Translate,
} from './i18n';
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

/** The page for a route and the name of its section for the browser tab, in the reader's language. */
function routePage(
  route: string[],
  me: Me | null | undefined,
  t: Translate,
  on: {
    loggedIn: (user: Me) => void;
    changeLocale: (locale: Locale) => void;
    /** An assignment's title in the reader's language, or its slug while the list loads. */
    assignmentName: (slug: string) => string;
    /** A page that learns its own name later (a submission's assignment) reports it here. */
    nameSection: (section: string) => void;
  },
): { page: JSX.Element; section: string | null } {
  const [first, id, sub] = route;
  if (me === undefined) return { page: <p>{t('loading')}</p>, section: null };
  if (first === 'join' && id)
    return {
      page: <JoinPage code={id} me={me} onJoined={on.loggedIn} onLocale={on.changeLocale} />,
      section: null,
    };
  if (me === null)
    return {
      page: <LoginPage onLogin={on.loggedIn} onLocale={on.changeLocale} />,
      section: t('login.heading'),
    };
  if (first === 'assignments' && id && sub === 'dashboard')
    return {
      page: <DashboardPage slug={id} />,
      section: `${t('assignments.dashboard')}: ${on.assignmentName(id)}`,
    };
  if (first === 'assignments' && id && sub === 'similarity')
    return {
      page: <SimilarityPage slug={id} />,
      section: `${t('similarity.link')}: ${on.assignmentName(id)}`,
    };
  if (first === 'assignments' && id && sub === 'reruns')
    return {
      page: <RerunsPage slug={id} />,
      section: `${t('reruns.link')}: ${on.assignmentName(id)}`,
    };
  if (first === 'reruns' && id)
    return { page: <RerunReviewPage id={id} />, section: t('reruns.link') };
  if (first === 'assignments' && id)
    return {
      page: <AssignmentPage slug={id} onLocale={on.changeLocale} />,
      section: on.assignmentName(id),
    };
  if (first === 'submissions' && id)
    return {
      page: <SubmissionPage id={id} me={me} onSection={on.nameSection} />,
      section: t('submission.heading'),
    };
  if (first === 'tokens') return { page: <TokensPage />, section: t('nav.tokens') };
  if (first === 'queue') return { page: <QueuePage />, section: t('queue.heading') };
  if (first === 'courses' && id && sub === 'enrolment')
    return { page: <EnrolmentPage course={id} />, section: `${t('nav.enrolment')}: ${id}` };
  return { page: <AssignmentsPage me={me} />, section: t('nav.assignments') };
}

function App() {
  const route = useRoute();
  const [locale, setLocale] = useState<Locale>(storedLocale());
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [titles, setTitles] = useState(new Map<string, Record<Locale, string>>());
  const [named, setNamed] = useState<{ route: string; section: string } | null>(null);

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

  useEffect(() => {
    if (!me) return;
    api<AssignmentItem[]>('/api/assignments').then(
      (items) => setTitles(new Map(items.map((item) => [item.slug, item.title]))),
      () => setTitles(new Map()),
    );
  }, [me]);

  const t = translator(locale);
  const routeKey = route.join('/');
  const { page, section: routeSection } = routePage(route, me, t, {
    loggedIn,
    changeLocale,
    assignmentName: (slug) => titles.get(slug)?.[locale] ?? slug,
    nameSection: (name) => setNamed({ route: routeKey, section: name }),
  });
  const section = named?.route === routeKey ? named.section : routeSection;
  const title = section ? `${section} – ${t('app.title')}` : t('app.title');
  useEffect(() => {
    document.title = title;
  }, [title]);

  return (
    <LocaleContext.Provider value={{ locale, t }}>
      {me && <Navigation me={me} onLocale={changeLocale} onLogout={logout} />}
      <main id="main">{page}</main>
    </LocaleContext.Provider>
  );
}

rememberLocale(storedLocale());
render(<App />, document.getElementById('app') as HTMLElement);
