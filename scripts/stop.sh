#!/usr/bin/env bash
# `npm run stop`: stops the API, the worker and the servers that quickstart started.
#
# Order matters: the worker finishes its runs in progress after SIGTERM and needs Redis and
# Postgres for that, so both are stopped only once the API and the worker have exited.
set -uo pipefail
cd "$(dirname "$0")/.."
export DMLG_RUN_DIR="$PWD/.data/run"
# shellcheck source=lib/services.sh
source scripts/lib/services.sh

# Seconds to wait for the worker's runs in progress. After that the worker is killed. Once a worker
# runs again, BullMQ's stalled-job check hands those jobs to it, and the stuck-run sweeper re-queues
# any whose job Redis lost.
stop_timeout=${DMLG_STOP_TIMEOUT_SECONDS:-120}

# stop_app NAME: SIGTERM, then wait up to stop_timeout seconds, then SIGKILL.
stop_app() {
  local name=$1 pid_file="$DMLG_RUN_DIR/$1.pid" pid waited=0
  [ -f "$pid_file" ] || return 0
  pid=$(cat "$pid_file")
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$pid_file"
    return 0
  fi
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$stop_timeout" ]; do
    if [ "$waited" -eq 5 ]; then
      log "waiting up to ${stop_timeout} s for the $name (pid $pid) to finish what it is doing"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "the $name (pid $pid) did not stop within ${stop_timeout} s; killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  log "stopped $name"
}

stop_app api &
stop_app worker &
wait
stop_redis 56379
rm -f "$DMLG_RUN_DIR/redis-56379.pid"
stop_postgres "$PWD/.data/postgres"
rm -f "$DMLG_RUN_DIR/postgres-55432.pid"
stop_docker_if_started
