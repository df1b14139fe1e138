import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Renders the assignment's task text (CommonMark with GitHub tables) with `marked`. The README
 * comes from the repository, not from users, but the HTML still goes through DOMPurify, so a
 * script or event handler in a task text can never run in a student's browser.
 */
export function Markdown(props: { text: string }) {
  const html = DOMPurify.sanitize(marked.parse(props.text, { async: false, gfm: true }));
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
