#!/usr/bin/env bash
# `npm run quickstart`: installs what is missing, starts PostgreSQL, Redis and the Docker engine,
# builds the sandbox image, migrates, starts the API and the worker, grades the K-Means reference
# solution and prints its checks. A second run reuses everything that exists.
set -euo pipefail
cd "$(dirname "$0")/.."
export DMLG_RUN_DIR="$PWD/.data/run"
mkdir -p "$DMLG_RUN_DIR" "$PWD/.data/logs"
# shellcheck source=lib/services.sh
source scripts/lib/services.sh

started_at=$(date +%s)
ensure_packages
ensure_node_modules
log "building"
npm run -s build

start_postgres "$PWD/.data/postgres" 55432
start_redis 56379 "$PWD/.data/redis"
start_docker
log "building the sandbox image (cached when its recipe is unchanged; the first build takes a few minutes)"
DMLG_SANDBOX_IMAGE=$(bash docker/cpu/build-image.sh | tail -n 1)
export DMLG_SANDBOX_IMAGE
log "sandbox image $DMLG_SANDBOX_IMAGE"

npm run -s migrate

restart_app api dist/apps/api/src/main.js
restart_app worker dist/apps/worker/src/main.js

api_healthy() {
  node -e "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
}
for _ in $(seq 1 150); do
  api_healthy && break
  sleep 0.2
done
api_healthy || die "the API did not answer on http://127.0.0.1:3000; see .data/logs/api.log"

log "grading the reference solution of assignment kmeans"
node dist/apps/cli/src/main.js grade kmeans reference-solutions/02-kmeans --table
log "quickstart took $(( $(date +%s) - started_at )) s"
cat <<TEXT

DML Grader is running on http://127.0.0.1:3000 (OpenAPI: http://127.0.0.1:3000/api/docs).
Log in to the web interface as instructor@dmlg.local with the password in
.data/instructor-password (or DMLG_INSTRUCTOR_PASSWORD, if you set it before the first start).
The instructor's API token is in .data/instructor-token. Grade a file with:
  npm run -s dmlg -- grade kmeans path/to/kmeans.py
The submission above was graded as the instructor, so the K-Means dashboard, which counts
enrolled students only, still shows none. Enrol students on the Enrolment page (CSV import or
an invitation link); their submissions appear on the dashboard.
Stop everything with: npm run stop
TEXT
