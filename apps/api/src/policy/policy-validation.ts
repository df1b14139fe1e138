import { BadRequestException } from '@nestjs/common';
import type { LatePenaltyRule, PenaltyCurvePoint, PolicyRules } from '@dmlg/grading';

/** The rules an instructor sets; the version is assigned by the server. */
export type PolicyInput = Omit<PolicyRules, 'version'>;

const DATE_FIX = 'send ISO 8601 with a time zone, such as 2027-03-01T21:59:00Z, or null';

/**
 * Checks a policy request body and converts it to rules. Every problem is reported at once,
 * each naming the field, the value received and what to send instead (400). Fields left out
 * take their defaults: no opening time, no deadline, no cutoff, no penalty, no limits, `best`.
 */
export function parsePolicyInput(body: unknown): PolicyInput {
  const problems: string[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException([
      `the body must be a JSON object of policy fields; got ${describe(body)}`,
    ]);
  }
  const fields = body as Record<string, unknown>;
  const known = [
    'opensAt',
    'deadline',
    'cutoffAt',
    'latePenalty',
    'maxSubmissions',
    'maxSubmissionsPerHour',
    'counting',
    'reason',
  ];
  for (const key of Object.keys(fields)) {
    if (!known.includes(key))
      problems.push(`unknown field "${key}"; the fields are ${known.join(', ')}`);
  }

  const opensAt = parseInstant(fields.opensAt, 'opensAt', problems);
  const deadline = parseInstant(fields.deadline, 'deadline', problems);
  const cutoffAt = parseInstant(fields.cutoffAt, 'cutoffAt', problems);
  const latePenalty = parsePenalty(fields.latePenalty, problems);
  const maxSubmissions = parseLimit(fields.maxSubmissions, 'maxSubmissions', problems);
  const maxSubmissionsPerHour = parseLimit(
    fields.maxSubmissionsPerHour,
    'maxSubmissionsPerHour',
    problems,
  );
  let counting: 'best' | 'last' = 'best';
  if (fields.counting !== undefined) {
    if (fields.counting === 'best' || fields.counting === 'last') counting = fields.counting;
    else problems.push(`counting ${describe(fields.counting)} is invalid; send "best" or "last"`);
  }

  if (opensAt && deadline && opensAt.getTime() >= deadline.getTime()) {
    problems.push(
      `opensAt ${opensAt.toISOString()} is not before deadline ${deadline.toISOString()}; move the opening earlier or the deadline later`,
    );
  }
  if (deadline && cutoffAt && cutoffAt.getTime() < deadline.getTime()) {
    problems.push(
      `cutoffAt ${cutoffAt.toISOString()} is before deadline ${deadline.toISOString()}; send a cutoff at or after the deadline (equal means no late submissions)`,
    );
  }
  if (opensAt && cutoffAt && !deadline && cutoffAt.getTime() <= opensAt.getTime()) {
    problems.push(
      `cutoffAt ${cutoffAt.toISOString()} is not after opensAt ${opensAt.toISOString()}; move the cutoff later`,
    );
  }
  if (latePenalty.kind !== 'none' && !deadline) {
    problems.push(
      `latePenalty of kind "${latePenalty.kind}" needs a deadline; set deadline or send latePenalty {"kind":"none"}`,
    );
  }
  if (problems.length) throw new BadRequestException(problems);
  return {
    opensAt,
    deadline,
    cutoffAt,
    latePenalty,
    maxSubmissions,
    maxSubmissionsPerHour,
    counting,
  };
}

/** Parses the optional reason for the audit row (at most 500 characters); `fallback` when absent. */
export function parseReason(value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || value.length > 500) {
    throw new BadRequestException([
      `reason ${describe(value)} is invalid; send text of at most 500 characters`,
    ]);
  }
  return value.trim() || fallback;
}

/** Parses an ISO 8601 instant with a time zone, or null; undefined counts as null. */
export function parseInstant(value: unknown, field: string, problems: string[]): Date | null {
  if (value === undefined || value === null) return null;
  // A time without a zone would be read in the server's zone, which students do not see.
  if (typeof value !== 'string' || !/T.*(Z|[+-]\d\d:?\d\d)$/.test(value)) {
    problems.push(`${field} ${describe(value)} is invalid; ${DATE_FIX}`);
    return null;
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    problems.push(`${field} ${describe(value)} is not a date; ${DATE_FIX}`);
    return null;
  }
  return date;
}

function parseLimit(value: unknown, field: string, problems: string[]): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 10_000) {
    problems.push(
      `${field} ${describe(value)} is invalid; send a whole number from 1 to 10000, or null for no limit`,
    );
    return null;
  }
  return value;
}

function parsePercent(value: unknown, field: string, problems: string[]): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    problems.push(`${field} ${describe(value)} is invalid; send a number from 0 to 100`);
    return 0;
  }
  return value;
}

function parsePenalty(value: unknown, problems: string[]): LatePenaltyRule {
  if (value === undefined || value === null) return { kind: 'none' };
  const rule = value as Record<string, unknown>;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(
      `latePenalty ${describe(value)} is invalid; send {"kind":"none"}, {"kind":"per-day","percentPerDay":10} or {"kind":"curve","points":[{"days":0,"percent":0},...]}`,
    );
    return { kind: 'none' };
  }
  if (rule.kind === 'none') return { kind: 'none' };
  if (rule.kind === 'per-day') {
    const percentPerDay = parsePercent(rule.percentPerDay, 'latePenalty.percentPerDay', problems);
    const maxPercent =
      rule.maxPercent === undefined
        ? 100
        : parsePercent(rule.maxPercent, 'latePenalty.maxPercent', problems);
    return { kind: 'per-day', percentPerDay, maxPercent };
  }
  if (rule.kind === 'curve') return { kind: 'curve', points: parseCurve(rule.points, problems) };
  problems.push(
    `latePenalty.kind ${describe(rule.kind)} is invalid; send "none", "per-day" or "curve"`,
  );
  return { kind: 'none' };
}

function parseCurve(value: unknown, problems: string[]): PenaltyCurvePoint[] {
  if (!Array.isArray(value) || value.length < 2 || value.length > 100) {
    problems.push(
      `latePenalty.points ${describe(value)} is invalid; send 2 to 100 points such as [{"days":0,"percent":0},{"days":7,"percent":100}]`,
    );
    return [];
  }
  const points: PenaltyCurvePoint[] = [];
  value.forEach((raw: unknown, index) => {
    const point = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const days = point.days;
    if (typeof days !== 'number' || !Number.isFinite(days) || days < 0 || days > 365) {
      problems.push(
        `latePenalty.points[${index}].days ${describe(days)} is invalid; send days after the deadline from 0 to 365`,
      );
      return;
    }
    points.push({
      days,
      percent: parsePercent(point.percent, `latePenalty.points[${index}].percent`, problems),
    });
  });
  if (points.length !== value.length) return points;
  if (points[0].days !== 0) {
    problems.push(
      `latePenalty.points[0].days is ${points[0].days}; the first point must be at day 0 (the deadline)`,
    );
  }
  for (let index = 1; index < points.length; index += 1) {
    if (points[index].days <= points[index - 1].days) {
      problems.push(
        `latePenalty.points[${index}].days ${points[index].days} is not after the previous point's ${points[index - 1].days}; sort the points by days, without repeats`,
      );
    }
    if (points[index].percent < points[index - 1].percent) {
      problems.push(
        `latePenalty.points[${index}].percent ${points[index].percent} is below the previous point's ${points[index - 1].percent}; a later submission may not lose less`,
      );
    }
  }
  return points;
}

function describe(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
