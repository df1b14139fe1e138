/**
 * A small, safe rendering of the task text: headings, fenced code and paragraphs. No HTML from
 * the file reaches the page; everything is text nodes.
 */
export function Markdown(props: { text: string }) {
  const blocks: preact.JSX.Element[] = [];
  const lines = props.text.split('\n');
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length) blocks.push(<p>{paragraph.join(' ')}</p>);
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (line.startsWith('```')) {
      flush();
      const code: string[] = [];
      for (index += 1; index < lines.length && !lines[index].startsWith('```'); index += 1)
        code.push(lines[index]);
      blocks.push(
        <pre>
          <code>{code.join('\n')}</code>
        </pre>,
      );
    } else if (/^#{1,6} /.test(line)) {
      flush();
      const level = Math.min(6, (line.match(/^#+/)?.[0].length ?? 1) + 1);
      const text = line.replace(/^#+ /, '');
      blocks.push(level === 2 ? <h2>{text}</h2> : level === 3 ? <h3>{text}</h3> : <h4>{text}</h4>);
    } else if (line.trim() === '') flush();
    else paragraph.push(line);
  }
  flush();
  return <div class="markdown">{blocks}</div>;
}
