import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Renders the assignment's task text (CommonMark with GitHub tables) with `marked`. The README
 * comes from the repository, not from users, but the HTML still goes through DOMPurify, so a
 * script or event handler in a task text can never run in a student's browser.
 */
export function Markdown(props: { text: string; linkBase?: string }) {
  const html = DOMPurify.sanitize(marked.parse(props.text, { async: false, gfm: true }));
  return (
    <div
      class="markdown"
      dangerouslySetInnerHTML={{
        __html: props.linkBase ? rebaseLinks(html, props.linkBase) : html,
      }}
    />
  );
}

/**
 * Points the task text's relative links (`starter/kmeans.py`, `README.lv.md`) at `base`, the
 * API route that serves an assignment's public files; absolute links and anchors stay.
 */
function rebaseLinks(html: string, base: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const link of template.content.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href') ?? '';
    if (/^([a-z][a-z0-9+.-]*:|#|\/)/i.test(href)) continue;
    link.setAttribute('href', base + href.replace(/^\.\//, ''));
  }
  return template.innerHTML;
}
