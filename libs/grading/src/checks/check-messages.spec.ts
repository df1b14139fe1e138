import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LocalizedText } from '@dmlg/db';
import { taskNotRun } from '../outputs/read-run-outputs';
import { describeCheck, describeRunFailure, type RunFailure } from './check-messages';
import { checkMetric, knownCheckMetrics } from './metric-registry';
import type { CheckOutcome } from './score-checks';

/**
 * English words and phrases the check messages use, none of which belongs in Latvian text. Code
 * names (`labels_`, `F.binary_cross_entropy`) and metric acronyms (NMI, ARI) are allowed there.
 */
const ENGLISH_FRAGMENTS = [
  'n/a',
  'harness',
  ' at ',
  ' line ',
  'did not',
  'failed',
  'could not',
  'Task ',
  'task ',
  'no output',
  'on average',
  'reference',
  'data sets',
  'of this check',
  'the process',
  'while running',
  'must ',
];

function englishIn(text: string): string[] {
  return ENGLISH_FRAGMENTS.filter((fragment) => text.includes(fragment));
}

function outcome(details: CheckOutcome['details'], score: number): CheckOutcome {
  return {
    checkId: 'nmi',
    title: { en: 'NMI', lv: 'NMI' },
    weight: 1,
    score,
    value: null,
    target: 0.8125,
    baseline: 0,
    message: { en: '', lv: '' },
    hidden: false,
    tolerance: { value: 0.1, source: 'manifest' },
    details,
  };
}

const FAILURES: RunFailure[] = [
  {
    kind: 'import',
    error: {
      kind: 'student',
      type: 'SyntaxError',
      message: 'invalid syntax',
      file: 'kmeans.py',
      line: 7,
    },
  },
  { kind: 'timeout', limitSeconds: 60, runningTask: 'blobs' },
  { kind: 'oom-killed', limitMb: 1024 },
  {
    kind: 'crashed',
    exitCode: 1,
    detail: { en: 'the process ended; last log line: x', lv: 'process beidzās; pēdējā rinda: x' },
  },
];

describe('check messages in Latvian', () => {
  it('say "n/a" and the missing task in Latvian', () => {
    const shapeProblem: LocalizedText = {
      en: 'labels_ must have shape (300,), got (300, 1)',
      lv: 'labels_ formai jābūt (300,), saņemta (300, 1)',
    };
    const message = describeCheck(
      checkMetric('nmi'),
      outcome(
        [
          {
            taskId: 'blobs',
            score: 0,
            value: null,
            target: 0.8,
            baseline: 0,
            problem: taskNotRun('blobs'),
          },
          {
            taskId: 'moons',
            score: 0,
            value: null,
            target: 0.8,
            baseline: 0,
            problem: shapeProblem,
          },
        ],
        0,
      ),
      undefined,
    );
    assert.deepEqual(englishIn(message.lv), [], message.lv);
    assert.match(message.lv, /NMI nav datu vidēji 0 no 2 datu kopām \(atsauce 0,813/);
    assert.match(message.en, /NMI n\/a on average over 0 of 2 data sets \(reference 0\.813/);
    assert.match(message.lv, /Uzdevums blobs neizdevās: uzdevums blobs netika izpildīts\./);
  });

  it('use the singular after 1 and 21 data sets', () => {
    const details = (count: number): CheckOutcome['details'] =>
      Array.from({ length: count }, (_, index) => ({
        taskId: `t${index}`,
        score: 1,
        value: 1,
        target: 1,
        baseline: 0,
      }));
    const measured = (count: number): string =>
      describeCheck(checkMetric('nmi'), { ...outcome(details(count), 1), value: 1 }, undefined).lv;
    assert.match(measured(1), /1 no 1 datu kopas/);
    assert.match(measured(21), /21 no 21 datu kopas/);
    assert.match(measured(11), /11 no 11 datu kopām/);
  });

  for (const failure of FAILURES) {
    it(`describe a ${failure.kind} run in Latvian only`, () => {
      const message = describeRunFailure(failure);
      assert.deepEqual(englishIn(message.lv), [], message.lv);
      assert.notDeepEqual(
        englishIn(message.en),
        [],
        'the fragment list no longer fits the English text',
      );
    });
  }

  it('word every metric label and advice in Latvian', () => {
    for (const name of knownCheckMetrics()) {
      const metric = checkMetric(name);
      for (const text of [metric.label.lv, metric.baselineLabel.lv, metric.advice.lv]) {
        assert.deepEqual(englishIn(text), [], `${name}: ${text}`);
      }
    }
  });
});
