#!/usr/bin/env bash
# services.sh CMD...: runs CMD with the services the tests need, starting
# throwaway ones for whatever the caller did not provide:
#   MYSQL_TEST_DSN  else a MariaDB on a private port, data dir on tmpfs
#   REDIS_TEST_URL  else a redis-server on a private port
#   CHROME_BIN      else Debian's chromium (installed when missing, as root)
# Missing Debian packages are installed when running as root; otherwise the
# script names them and stops. Everything it started is stopped on exit.
set -euo pipefail

need=()
if [[ -z "${MYSQL_TEST_DSN:-}" ]] && ! command -v mariadbd >/dev/null && ! [[ -x /usr/sbin/mariadbd ]]; then need+=(mariadb-server); fi
if [[ -z "${REDIS_TEST_URL:-}" ]] && ! command -v redis-server >/dev/null; then need+=(redis-server); fi
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "services.sh: the tests need Debian packages: ${need[*]}" >&2
    echo "services.sh: install them (sudo apt-get install ${need[*]}) or set MYSQL_TEST_DSN / REDIS_TEST_URL" >&2
    exit 1
  fi
  echo "services.sh: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
export PATH=$PATH:/usr/sbin

# The browser test drives Debian's chromium (CHROME_BIN names another one).
if [[ -z "${CHROME_BIN:-}" ]]; then
  if ! command -v chromium >/dev/null && [[ $(id -u) -eq 0 ]]; then
    echo "services.sh: installing chromium" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
  fi
  if command -v chromium >/dev/null; then export CHROME_BIN=$(command -v chromium); fi
fi

# Tests put the data on tmpfs and skip flushing commits; benchmarks
# (SELFCHECK_BENCH_DURABLE=1) keep MariaDB's default durability on disk.
durable=${SELFCHECK_BENCH_DURABLE:-}
if [[ -n "$durable" ]]; then
  base=$(mktemp -d "${TMPDIR:-/var/tmp}/selfcheck-services.XXXXXX")
  flush=(--innodb-buffer-pool-size=4G)
else
  base=$(mktemp -d "$( [[ -w /dev/shm ]] && echo /dev/shm || echo /tmp)/selfcheck-services.XXXXXX")
  flush=(--innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=512M)
fi
chmod 755 "$base"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  done
  rm -rf "$base"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

if [[ -z "${MYSQL_TEST_DSN:-}" ]]; then
  port=$(free_port)
  mkdir -p "$base/mysql"
  user_args=()
  if [[ $(id -u) -eq 0 ]]; then chown mysql:mysql "$base/mysql"; user_args=(--user=mysql); fi
  mariadb-install-db "${user_args[@]}" --datadir="$base/mysql/data" --auth-root-authentication-method=normal \
    --skip-test-db >"$base/mysql-install.log" 2>&1 || { cat "$base/mysql-install.log" >&2; exit 1; }
  mariadbd "${user_args[@]}" --datadir="$base/mysql/data" --port="$port" --bind-address=127.0.0.1 \
    --socket="$base/mysql/sock" --pid-file="$base/mysql/pid" --skip-log-bin \
    "${flush[@]}" --max-connections=500 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    >"$base/mysql.log" 2>&1 &
  pids+=($!)
  for i in $(seq 1 120); do
    if mariadb-admin --protocol=tcp -h127.0.0.1 -P"$port" -uroot ping >/dev/null 2>&1; then break; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then cat "$base/mysql.log" >&2; exit 1; fi
    sleep 0.25
  done
  export MYSQL_TEST_DSN="root@tcp(127.0.0.1:$port)/"
  echo "services.sh: MariaDB on 127.0.0.1:$port" >&2
fi

if [[ -z "${REDIS_TEST_URL:-}" ]]; then
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$base" >"$base/redis.log" 2>&1 &
  pids+=($!)
  for i in $(seq 1 80); do
    if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then break; fi
    sleep 0.1
  done
  export REDIS_TEST_URL="redis://127.0.0.1:$port/0"
  echo "services.sh: Redis on 127.0.0.1:$port" >&2
fi

"$@"
