#!/usr/bin/env bash
# `npm run restart:worker`: starts quickstart's worker again with the same settings, for example
# after it was killed, and records its pid for `npm run stop`. A worker still running gets SIGTERM
# first, so it takes no new jobs and finishes its runs in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
export DMLG_RUN_DIR="$PWD/.data/run"
mkdir -p "$DMLG_RUN_DIR" "$PWD/.data/logs"
# shellcheck source=lib/services.sh
source scripts/lib/services.sh

[ -f dist/apps/worker/src/main.js ] || die "no build found in dist/; run npm run quickstart first"
redis-cli -h 127.0.0.1 -p 56379 ping 2>/dev/null | grep -q PONG || die "Redis is not running on 127.0.0.1:56379; run npm run quickstart first"

# The image quickstart built. Its recipe is unchanged, so this only prints the tag.
DMLG_SANDBOX_IMAGE=$(bash docker/cpu/build-image.sh | tail -n 1)
export DMLG_SANDBOX_IMAGE
restart_app worker dist/apps/worker/src/main.js
