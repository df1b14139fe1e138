/**
 * Where the harness runs inside a cluster job.
 *
 * `apptainer`: the sandbox image converted to a SIF file on the cluster, run with
 * `apptainer exec --containall --net --network none`: no network, a private /tmp, the staged
 * folders bound at the paths the Docker sandbox uses.
 *
 * `host`: no container runtime on the cluster; `setup` lines (e.g. `module load python/3.11`,
 * `source /opt/dmlg-venv/bin/activate`) prepare the job's shell and `python` runs the harness with
 * the cluster user's rights and network. Only for sites without Apptainer, and only for code the
 * course trusts as much as the cluster account.
 */
export type HpcEnvironment =
  | { kind: 'apptainer'; image: string; binary: string }
  | { kind: 'host'; python: string; setup: string[] };

/** The run record's name for the environment, stored where Docker stores the image digest. */
export function describeEnvironment(environment: HpcEnvironment): string {
  return environment.kind === 'apptainer'
    ? `apptainer:${environment.image}`
    : `host:${environment.python}`;
}
