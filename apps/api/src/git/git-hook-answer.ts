/** Reply of the API to a receive hook: lines to show the pusher, and the verdict. */
export interface GitHookAnswer {
  /** False refuses the push (pre-receive). */
  accepted: boolean;
  /** The submission created from the push, when one was. */
  submissionId?: string;
  /** Printed by the hook to stderr, which git shows as `remote: ` lines. */
  lines: string[];
}
