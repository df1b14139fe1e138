import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(...registerables);

/** A Chart.js chart in a canvas; `label` names it for screen readers. */
export function ChartView(props: { config: ChartConfiguration; label: string; testId: string }) {
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
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={props.label} data-testid={props.testId} />
    </div>
  );
}
