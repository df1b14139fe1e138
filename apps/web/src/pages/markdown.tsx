import DOMPurify from 'dompurify';
import { marked } from 'marked';
import type { Locale } from '../api';

/** The task text's links to itself in a language: `README.md` is English, `README.lv.md` Latvian. */
const TRANSLATION_LINK = /^(\.\/)?README(\.lv)?\.md$/;

/**
 * Renders the assignment's task text (CommonMark with GitHub tables) with `marked`. The README
 * comes from the repository, not from users, but the HTML still goes through DOMPurify, so a
 * script or event handler in a task text can never run in a student's browser.
 */
export function Markdown(props: {
  text: string;
  linkBase?: string;
  /** Switches the page's language; a link to the other README then changes it in place. */
  onLocale?: (locale: Locale) => void;
}) {
  const html = DOMPurify.sanitize(marked.parse(props.text, { async: false, gfm: true }));
  const switchLanguage = (event: MouseEvent): void => {
    const link = (event.target as Element).closest('a[data-locale]');
    if (!link || !props.onLocale) return;
    event.preventDefault();
    props.onLocale(link.getAttribute('data-locale') as Locale);
  };
  return (
    <div
      class="markdown"
      onClick={switchLanguage}
      dangerouslySetInnerHTML={{
        __html: props.linkBase ? rebaseLinks(html, props.linkBase) : html,
      }}
    />
  );
}

/**
 * Points the task text's relative links (`starter/kmeans.py`, `README.lv.md`) at `base`, the
 * API route that serves an assignment's public files; absolute links and anchors stay. Links to
 * a README are marked with their language, so that a click switches the page's language instead
 * of opening the raw Markdown.
 */
function rebaseLinks(html: string, base: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const link of template.content.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href') ?? '';
    if (/^([a-z][a-z0-9+.-]*:|#|\/)/i.test(href)) continue;
    const translation = TRANSLATION_LINK.exec(href);
    if (translation) link.setAttribute('data-locale', translation[2] ? 'lv' : 'en');
    link.setAttribute('href', base + href.replace(/^\.\//, ''));
  }
  return template.innerHTML;
}
