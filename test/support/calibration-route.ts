import assert from 'node:assert/strict';
import type { RunningStack } from './running-stack';

/** The parts of GET /api/assignments/:slug/calibration that end-to-end specs read. */
export interface CalibrationView {
  status: string;
  seeds: number[];
  canonicalSeed: number | null;
  checks: {
    checkId: string;
    tolerance: {
      source: string;
      value: number | null;
      unclamped: number | null;
      min: number | null;
      max: number | null;
    };
    tasks: {
      taskId: string;
      reference: number | null;
      baseline: number | null;
      seeds: { seed: number; value: number }[];
    }[];
  }[];
}

/** Fetches an assignment's calibration with the stack's staff token and asserts status 200. */
export async function fetchCalibration(
  stack: RunningStack,
  slug: string,
): Promise<CalibrationView> {
  const response = await fetch(`${stack.baseUrl}/api/assignments/${slug}/calibration`, {
    headers: { authorization: `Bearer ${stack.token}` },
  });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as CalibrationView;
}

/**
 * Asserts that the calibration is ready with `seeds` (canonical first) and that every seed-banded
 * check ran each seed and got a tolerance inside its [min, max]. Returns one line per banded
 * check (band, unclamped value, seed values) for the test's diagnostics.
 */
export function assertSeedBands(calibration: CalibrationView, seeds: number[]): string[] {
  assert.equal(calibration.status, 'ready');
  assert.deepEqual(calibration.seeds, seeds);
  assert.equal(calibration.canonicalSeed, seeds[0]);
  const lines: string[] = [];
  for (const check of calibration.checks.filter((entry) => entry.tolerance.source === 'seeds')) {
    const { value, unclamped, min, max } = check.tolerance;
    assert.ok(
      value !== null && min !== null && max !== null && value >= min && value <= max,
      `${check.checkId}: tolerance ${value} outside [${min}, ${max}]`,
    );
    const runs = check.tasks.map((task) => {
      assert.deepEqual(
        task.seeds.map((entry) => entry.seed),
        seeds,
        `${check.checkId} ${task.taskId}: seeds run`,
      );
      const values = task.seeds.map((entry) => entry.value.toPrecision(4)).join(' / ');
      return `${task.taskId} ${values} (baseline ${task.baseline?.toPrecision(4)})`;
    });
    lines.push(
      `${check.checkId} ${value.toFixed(3)} (unclamped ${unclamped?.toFixed(3)}, [${min}, ${max}]): ${runs.join('; ')}`,
    );
  }
  assert.ok(lines.length > 0, 'no check has a seed band');
  return lines;
}
