# Shell functions that install and start the services DML Grader needs on one machine:
# PostgreSQL, Redis and the Docker engine. Sourced by quickstart.sh and test.sh.
# Each start function is idempotent: it reuses a server that already answers on its port and
# records the PID of a server it started in $DMLG_RUN_DIR so the caller can stop it.

DMLG_REQUIRED_PACKAGES=(postgresql redis-server docker.io debootstrap debian-archive-keyring python3 chromium
  # HPC end-to-end test (test/e2e/hpc-slurm.e2e.spec.ts): a one-node Slurm reached over SSH.
  slurm-wlm munge openssh-server slurm-wlm-torque python3-numpy
  # git push submissions: the API runs git http-backend; the e2e tests push with the git client.
  git)

log() { printf '[dmlg] %s\n' "$*" >&2; }
die() { printf '[dmlg] error: %s\n' "$*" >&2; exit 1; }

# Installs the Debian packages above that are missing, or explains what to install when this
# machine is not Debian/Ubuntu or the script is not root.
ensure_packages() {
  local missing=() package
  for package in "${DMLG_REQUIRED_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    die "missing packages: ${missing[*]}. Install them as root with: apt-get install -y ${missing[*]} (on other systems: PostgreSQL 15+, Redis 7+, Docker Engine 20.10+, debootstrap and python3), then run this command again."
  fi
  log "installing ${missing[*]} with apt-get"
  # policy-rc.d stops apt from starting daemons; this script starts its own instances.
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

postgres_bin() {
  local folder
  folder=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$folder" ] || die "PostgreSQL binaries not found under /usr/lib/postgresql; install the postgresql package"
  printf '%s' "$folder"
}

# start_postgres DATA_FOLDER PORT: an own cluster on 127.0.0.1:PORT with role and database dmlg.
start_postgres() {
  local data=$1 port=$2 bin
  bin=$(postgres_bin)
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    log "PostgreSQL already answers on 127.0.0.1:$port"
    return 0
  fi
  mkdir -p "$data"
  # initdb and postgres refuse to run as root, so the cluster belongs to the postgres user.
  local run_as=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "user postgres is missing; install the postgresql package"
    chown postgres: "$data"
    run_as=(runuser -u postgres --)
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $data"
    "${run_as[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust >/dev/null
  fi
  "${run_as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off" start >/dev/null ||
    die "PostgreSQL did not start; see $data/server.log"
  "${run_as[@]}" head -n 1 "$data/postmaster.pid" >"$DMLG_RUN_DIR/postgres-$port.pid"
  psql -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_roles where rolname='dmlg'" | grep -q 1 ||
    psql -q -h 127.0.0.1 -p "$port" -U postgres -c "create role dmlg login password 'dmlg'"
  psql -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname='dmlg'" | grep -q 1 ||
    psql -q -h 127.0.0.1 -p "$port" -U postgres -c "create database dmlg owner dmlg"
  log "PostgreSQL started on 127.0.0.1:$port"
}

stop_postgres() {
  local data=$1 bin
  bin=$(postgres_bin)
  [ -f "$data/postmaster.pid" ] || return 0
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
  else
    "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
  fi
}

# start_redis PORT DATA_FOLDER: no persistence; the queue is rebuilt from Postgres when lost.
start_redis() {
  local port=$1 data=$2
  if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
    log "Redis already answers on 127.0.0.1:$port"
    return 0
  fi
  mkdir -p "$data"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$data" \
    --pidfile "$DMLG_RUN_DIR/redis-$port.pid" --logfile "$data/redis.log" --daemonize yes >/dev/null
  local attempt
  for attempt in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG || die "Redis did not start; see $data/redis.log"
  log "Redis started on 127.0.0.1:$port"
}

stop_redis() {
  local port=$1
  redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
}

# start_docker: the engine without a bridge, so containers can only use --network none.
start_docker() {
  if docker info >/dev/null 2>&1; then
    return 0
  fi
  [ "$(id -u)" -eq 0 ] || die "the Docker engine is not running and only root can start it: run 'dockerd --bridge=none --iptables=false --ip-masq=false' as root"
  command -v dockerd >/dev/null 2>&1 || die "dockerd not found; install the docker.io package"
  log "starting the Docker engine (no bridge network)"
  nohup dockerd --bridge=none --iptables=false --ip-masq=false >"$DMLG_RUN_DIR/dockerd.log" 2>&1 &
  echo $! >"$DMLG_RUN_DIR/dockerd.pid"
  local attempt
  for attempt in $(seq 1 100); do
    docker info >/dev/null 2>&1 && { log "Docker engine started"; return 0; }
    sleep 0.3
  done
  die "the Docker engine did not start within 30 s; see $DMLG_RUN_DIR/dockerd.log"
}

stop_docker_if_started() {
  local pid_file="$DMLG_RUN_DIR/dockerd.pid"
  [ -f "$pid_file" ] || return 0
  kill "$(cat "$pid_file")" 2>/dev/null || true
  rm -f "$pid_file"
}

# Where ensure_node_modules records which package-lock.json the installed tree came from.
DMLG_LOCK_HASH_FILE=node_modules/.dmlg-lock-hash

# npm_lock_hash: SHA-256 of package-lock.json, naming the dependency tree it pins.
npm_lock_hash() {
  sha256sum package-lock.json | cut -d ' ' -f 1
}

# node_modules_current: true when node_modules was installed from the package-lock.json that is
# here now. Compares content, not modification times: a fresh clone gives package-lock.json a
# newer mtime than node_modules, and git checkouts touch it without changing it.
node_modules_current() {
  [ -d node_modules ] && [ -f "$DMLG_LOCK_HASH_FILE" ] &&
    [ "$(cat "$DMLG_LOCK_HASH_FILE")" = "$(npm_lock_hash)" ]
}

# ensure_node_modules: npm ci unless node_modules matches package-lock.json; the hash is written
# only after npm ci succeeded, so a failed install is retried on the next run.
ensure_node_modules() {
  node_modules_current && return 0
  log "installing npm packages"
  npm ci --no-audit --no-fund >/dev/null || die "npm ci failed; run it by hand to see why"
  npm_lock_hash >"$DMLG_LOCK_HASH_FILE"
}

# restart_app NAME SCRIPT: stops the copy whose pid is in $DMLG_RUN_DIR/NAME.pid, if it runs, then
# starts a new one detached from this shell, with its log in .data/logs/NAME.log and its pid in
# that file, where `npm run stop` finds it.
restart_app() {
  local name=$1 script=$2 pid_file="$DMLG_RUN_DIR/$1.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    log "stopping the previous $name (pid $(cat "$pid_file"))"
    kill "$(cat "$pid_file")"
    for _ in $(seq 1 100); do kill -0 "$(cat "$pid_file")" 2>/dev/null || break; sleep 0.1; done
  fi
  setsid nohup node "$script" >>"$PWD/.data/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  log "$name started (pid $!, log .data/logs/$name.log)"
}
