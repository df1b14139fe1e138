import type { LocalizedText } from '@dmlg/db';
import { effectiveDeadlines } from './effective-deadlines';
import type { PolicyRules } from './policy-rules';

const HOUR_MS = 3600 * 1000;

/** The student's earlier submissions to the assignment, all versions counted. */
export interface SubmissionUsage {
  total: number;
  /** Creation times of the submissions in the 60 minutes before `now`, any order. */
  lastHour: readonly Date[];
}

/** Why a submission was rejected, for the API's error body. */
export type RejectionRule = 'not-open' | 'cutoff-passed' | 'total-limit' | 'hourly-limit';

export type AdmissionDecision =
  | { admitted: true }
  | {
      admitted: false;
      rule: RejectionRule;
      /** When the rule stops (or stopped) applying: the opening, the cutoff, the next free slot. */
      at: Date | null;
      /** The limit that was reached, for the two limit rules. */
      limit: number | null;
      message: LocalizedText;
    };

/**
 * Decides whether a student's submission received at `now` is accepted under the rules, in this
 * order: opening time, hard cutoff (moved by the extension), total limit, hourly limit. Late
 * submissions before the cutoff are accepted; their penalty is applied when they are graded.
 */
export function decideAdmission(
  rules: PolicyRules,
  extensionDeadline: Date | null,
  usage: SubmissionUsage,
  now: Date,
  assignmentSlug: string,
): AdmissionDecision {
  if (rules.opensAt && now.getTime() < rules.opensAt.getTime()) {
    const at = rules.opensAt.toISOString();
    return {
      admitted: false,
      rule: 'not-open',
      at: rules.opensAt,
      limit: null,
      message: {
        en: `submissions to ${assignmentSlug} open at ${at}; submit again after that time`,
        lv: `iesniegumus uzdevumam ${assignmentSlug} pieņem no ${at}; iesniedziet vēlreiz pēc šī laika`,
      },
    };
  }
  const { cutoffAt } = effectiveDeadlines(rules, extensionDeadline);
  if (cutoffAt && now.getTime() > cutoffAt.getTime()) {
    const at = cutoffAt.toISOString();
    return {
      admitted: false,
      rule: 'cutoff-passed',
      at: cutoffAt,
      limit: null,
      message: {
        en: `the hard cutoff of ${assignmentSlug} passed at ${at}; no more submissions are accepted, so ask an instructor for an extension`,
        lv: `uzdevuma ${assignmentSlug} galīgais termiņš beidzās ${at}; iesniegumus vairs nepieņem, tāpēc lūdziet pasniedzējam termiņa pagarinājumu`,
      },
    };
  }
  if (rules.maxSubmissions !== null && usage.total >= rules.maxSubmissions) {
    const max = rules.maxSubmissions;
    return {
      admitted: false,
      rule: 'total-limit',
      at: null,
      limit: max,
      message: {
        en: `you have used all ${max} submissions allowed for ${assignmentSlug}; ask an instructor if you need another`,
        lv: `jūs esat izmantojis visus ${max} uzdevumam ${assignmentSlug} atļautos iesniegumus; ja vajag vēl, jautājiet pasniedzējam`,
      },
    };
  }
  if (rules.maxSubmissionsPerHour !== null) {
    const windowStart = now.getTime() - HOUR_MS;
    const recent = usage.lastHour
      .map((date) => date.getTime())
      .filter((time) => time > windowStart)
      .sort((a, b) => a - b);
    if (recent.length >= rules.maxSubmissionsPerHour) {
      const max = rules.maxSubmissionsPerHour;
      // A slot frees when the oldest submission that still fills the window leaves it.
      const nextSlot = new Date(recent[recent.length - max] + HOUR_MS);
      const at = nextSlot.toISOString();
      return {
        admitted: false,
        rule: 'hourly-limit',
        at: nextSlot,
        limit: max,
        message: {
          en: `at most ${max} submissions to ${assignmentSlug} per hour are allowed; the next one is accepted from ${at}`,
          lv: `uzdevumam ${assignmentSlug} atļauti ne vairāk kā ${max} iesniegumi stundā; nākamo pieņems no ${at}`,
        },
      };
    }
  }
  return { admitted: true };
}
