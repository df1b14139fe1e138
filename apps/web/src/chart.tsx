import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(...registerables);

/**
 * A Chart.js chart in a canvas; `label` names it for screen readers. `height` (CSS pixels)
 * overrides the stylesheet's, for charts whose rows must each keep room for their label.
 */
export function ChartView(props: {
  config: ChartConfiguration;
  label: string;
  testId: string;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, {
      ...props.config,
      options: { animation: false, maintainAspectRatio: false, ...props.config.options },
    });
    return () => chart.destroy();
  }, [JSON.stringify(props.config.data)]);
  return (
    <div class="chart" style={props.height ? { height: `${props.height}px` } : undefined}>
      <canvas ref={canvas} role="img" aria-label={props.label} data-testid={props.testId} />
    </div>
  );
}

/** Splits a label into lines of at most `width` characters at spaces, for a chart's axis. */
export function wrapLabel(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}
