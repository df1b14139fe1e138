#!/usr/bin/env bash
# `npm test`: builds, lints, starts the services the tests use (PostgreSQL, Redis and the Docker
# engine, with the sandbox image), runs every *.spec.js under dist/, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DMLG_RUN_DIR="$PWD/.data/test-run"
mkdir -p "$DMLG_RUN_DIR"
# shellcheck source=lib/services.sh
source scripts/lib/services.sh

TEST_POSTGRES_PORT=${DMLG_TEST_POSTGRES_PORT:-55433}
TEST_REDIS_PORT=${DMLG_TEST_REDIS_PORT:-56380}

ensure_packages
ensure_node_modules
log "building"
rm -rf dist
npm run -s build
log "linting"
npm run -s lint

cleanup() {
  stop_postgres "$PWD/.data/test-postgres"
  stop_redis "$TEST_REDIS_PORT"
  stop_docker_if_started
}
trap cleanup EXIT

start_postgres "$PWD/.data/test-postgres" "$TEST_POSTGRES_PORT"
start_redis "$TEST_REDIS_PORT" "$PWD/.data/test-redis"
start_docker
log "building the sandbox image (cached when its recipe is unchanged)"
DMLG_SANDBOX_IMAGE=$(bash docker/cpu/build-image.sh | tail -n 1)
export DMLG_SANDBOX_IMAGE

export DMLG_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$TEST_POSTGRES_PORT/postgres"
export DMLG_TEST_REDIS_URL="redis://127.0.0.1:$TEST_REDIS_PORT"

mapfile -t spec_files < <(find dist -name '*.spec.js' | sort)
log "running ${#spec_files[@]} test files"
node --test --test-concurrency=1 "${spec_files[@]}"
