#!/usr/bin/env bash
# `npm run test:faults`: the fault test of test/e2e/faults.e2e.spec.ts at full size (200
# submissions; DMLG_FAULT_SUBMISSIONS and DMLG_FAULT_SEED override). The test starts its own
# Postgres (55480), Redis (56390) and stack (API on 3450), so only Docker and the sandbox image
# are needed here.
set -euo pipefail
cd "$(dirname "$0")/.."
export DMLG_RUN_DIR="$PWD/.data/test-run"
mkdir -p "$DMLG_RUN_DIR"
# shellcheck source=lib/services.sh
source scripts/lib/services.sh

ensure_packages
ensure_node_modules
log "building"
npm run -s build

trap stop_docker_if_started EXIT
start_docker
log "building the sandbox image (cached when its recipe is unchanged)"
DMLG_SANDBOX_IMAGE=${DMLG_SANDBOX_IMAGE:-$(bash docker/cpu/build-image.sh | tail -n 1)}
export DMLG_SANDBOX_IMAGE
export DMLG_FAULT_SUBMISSIONS=${DMLG_FAULT_SUBMISSIONS:-200}

log "running the fault test with $DMLG_FAULT_SUBMISSIONS submissions"
node --test dist/test/e2e/faults.e2e.spec.js
