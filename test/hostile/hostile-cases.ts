/**
 * The hostile submissions of test/hostile/, each for assignment `kmeans`, and what the grader
 * must answer. A `rejected` case never reaches the queue: the upload gets that HTTP status and a
 * message matching `message`. A `graded` case runs in the sandbox and ends graded with a score of
 * at most `maxScore` (0 unless given) and a check message (or, for `inLog`, the run's stored log)
 * matching `message`. The messages quoted in the issue's report are the ones these patterns match.
 */
export interface HostileCase {
  /** Folder under test/hostile/ holding kmeans.py, kmeans.ipynb or submission.zip/.tar.gz. */
  folder: string;
  expect:
    | { kind: 'rejected'; status: number; message: RegExp }
    | { kind: 'graded'; message: RegExp; maxScore?: number; inLog?: boolean };
  /**
   * Upload name to use instead of the file's own, sent as RFC 5987 `filename*` so that control
   * characters reach the API's validation (raw in a `filename` parameter, busboy refuses the
   * whole request as "Multipart: Malformed part header").
   */
  uploadName?: string;
}

export const HOSTILE_CASES: HostileCase[] = [
  // Limits hit in the sandbox.
  {
    folder: 'busy-loop-ignoring-sigterm',
    expect: {
      kind: 'graded',
      message: /stopped at the time limit of 60 s \(limits\.wall_seconds\)/,
    },
  },
  {
    folder: 'allocate-2gb',
    expect: { kind: 'graded', message: /memory limit of 1024 MB \(limits\.memory_mb\)/ },
  },
  {
    folder: 'fork-bomb',
    expect: { kind: 'graded', message: /at most 64 processes and threads \(limits\.pids\)/ },
  },
  {
    folder: 'thread-bomb',
    expect: { kind: 'graded', message: /at most 64 processes and threads \(limits\.pids\)/ },
  },
  {
    folder: 'fill-tmp',
    expect: { kind: 'graded', message: /\/tmp holds at most 64 MB \(limits\.tmpfs_mb\)/ },
  },
  {
    folder: 'write-outside-output',
    expect: {
      kind: 'graded',
      message:
        /Permission denied: '\/submission\/kmeans\.py'; the sandbox's file system is read-only except \/tmp/,
    },
  },
  {
    folder: 'huge-stdout',
    expect: {
      kind: 'graded',
      message: /bytes of output dropped: the log keeps 65536 bytes/,
      maxScore: 10,
      inLog: true,
    },
  },
  // What the sandbox does not offer.
  {
    folder: 'network-connection',
    expect: { kind: 'graded', message: /Connection refused; the grading sandbox has no network/ },
  },
  {
    folder: 'dns-lookup',
    expect: { kind: 'graded', message: /URLError.*the grading sandbox has no network/ },
  },
  {
    folder: 'read-etc-shadow',
    expect: {
      kind: 'graded',
      message:
        /PermissionError at kmeans\.py line \d+: .*'\/etc\/shadow'; the sandbox runs your code as an unprivileged user that cannot read \/etc\/shadow/,
    },
  },
  {
    folder: 'read-proc-environ',
    expect: { kind: 'graded', message: /FileNotFoundError at kmeans\.py line \d+/ },
  },
  {
    folder: 'argparse-breakpoint-cuda',
    expect: { kind: 'graded', message: /this grading worker has no GPU/ },
  },
  // Outputs that are data, never scores.
  {
    folder: 'symlink-in-outputs',
    expect: {
      kind: 'graded',
      message:
        /output folder was rejected: shadow\.npy: symbolic link to "\/etc\/shadow" not followed/,
    },
  },
  {
    folder: 'pickled-npy-output',
    expect: { kind: 'graded', message: /object arrays .* need(s)? pickle/ },
  },
  {
    folder: 'forged-npy-header',
    expect: { kind: 'graded', message: /labels_ could not be read as a numeric array/ },
  },
  {
    folder: 'nan-labels',
    expect: {
      kind: 'graded',
      message: /labels_ contains NaN at flat index 0; NaN and Inf are not allowed/,
    },
  },
  {
    folder: 'wrong-shape',
    expect: { kind: 'graded', message: /labels_ must have shape \(\d+,\), got \(\d+, 1\)/ },
  },
  {
    folder: 'result-json-full-marks',
    expect: { kind: 'graded', message: /Near 0 means/, maxScore: 10 },
  },
  // Broken code.
  {
    folder: 'raise-at-import',
    expect: {
      kind: 'graded',
      message: /could not be imported: RuntimeError at kmeans\.py line \d+: this module refuses/,
    },
  },
  { folder: 'missing-function', expect: { kind: 'graded', message: /defines no class KMeans/ } },
  {
    folder: 'syntax-error',
    expect: { kind: 'graded', message: /SyntaxError at kmeans\.py line 13/ },
  },
  {
    folder: 'kill-harness',
    expect: { kind: 'graded', message: /KeyboardInterrupt/ },
  },
  {
    folder: 'daemonise',
    expect: { kind: 'graded', message: /RuntimeError at kmeans\.py line \d+: daemon started/ },
  },
  // Uploads refused before anything is stored.
  {
    folder: 'zip-bomb',
    expect: {
      kind: 'rejected',
      status: 413,
      message: /"data\.py" has a compression ratio of \d+:1 .*the limit is 100:1/,
    },
  },
  {
    folder: 'zip-slip',
    expect: {
      kind: 'rejected',
      status: 400,
      message: /file name "\.\.\/\.\.\/evil\.py" is not allowed/,
    },
  },
  {
    folder: 'zip-symlink',
    expect: {
      kind: 'rejected',
      status: 422,
      message: /"shadow\.py" is a symbolic link, not a regular file/,
    },
  },
  {
    folder: 'tar-symlink',
    expect: {
      kind: 'rejected',
      status: 422,
      message: /"helper\.py" is a symlink to "\/etc\/shadow"/,
    },
  },
  {
    folder: 'control-character-name',
    uploadName: 'k\u0007means.py',
    expect: {
      kind: 'rejected',
      status: 400,
      message: /file name "k\\u0007means\.py" is not allowed/,
    },
  },
  // A notebook: magics and shell escapes removed, errors reported by cell.
  {
    folder: 'notebook-magics',
    expect: {
      kind: 'graded',
      message: /ValueError at kmeans\.ipynb cell 4 line 6: not implemented yet/,
    },
  },
];
