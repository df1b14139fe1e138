#!/usr/bin/env bash
# `npm run stop`: stops the API, the worker and the servers that quickstart started.
set -uo pipefail
cd "$(dirname "$0")/.."
export DMLG_RUN_DIR="$PWD/.data/run"
# shellcheck source=lib/services.sh
source scripts/lib/services.sh
for name in api worker; do
  pid_file="$DMLG_RUN_DIR/$name.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    kill "$(cat "$pid_file")" && log "stopped $name"
  fi
  rm -f "$pid_file"
done
stop_redis 56379
stop_postgres "$PWD/.data/postgres"
stop_docker_if_started
