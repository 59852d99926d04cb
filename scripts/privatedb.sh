#!/usr/bin/env bash
# privatedb.sh CMD...: runs CMD with DATABASE_URL naming an empty database on
# a private MariaDB with Debian's defaults (durable commits, 128M buffer pool,
# data on disk under /var/tmp; TUNED=1 adds the settings README recommends),
# stopped and removed on exit. PORT chooses its port (default 19420).
set -euo pipefail
export PATH=$PATH:/usr/sbin
port=${PORT:-19420}
base=$(mktemp -d /var/tmp/selfcheck-privatedb.XXXXXX)
chmod 755 "$base"
pid=
cleanup() {
  if [[ -n "$pid" ]]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$base"
}
trap cleanup EXIT
tuning=()
if [[ -n "${TUNED:-}" ]]; then tuning=(--innodb-buffer-pool-size=1G --innodb-log-file-size=512M); fi
user_args=()
mkdir -p "$base/mysql"
if [[ $(id -u) -eq 0 ]]; then chown mysql:mysql "$base/mysql"; user_args=(--user=mysql); fi
mariadb-install-db "${user_args[@]}" --datadir="$base/mysql/data" --auth-root-authentication-method=normal \
  --skip-test-db >"$base/mysql-install.log" 2>&1 || { cat "$base/mysql-install.log" >&2; exit 1; }
mariadbd --no-defaults "${user_args[@]}" --datadir="$base/mysql/data" --port="$port" --bind-address=127.0.0.1 \
  --socket="$base/mysql/sock" --pid-file="$base/mysql/pid" \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci "${tuning[@]}" \
  >"$base/mysql.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if mariadb-admin --protocol=tcp -h127.0.0.1 -P"$port" -uroot ping >/dev/null 2>&1; then break; fi
  kill -0 "$pid" 2>/dev/null || { cat "$base/mysql.log" >&2; exit 1; }
  sleep 0.25
done
mariadb --protocol=tcp -h127.0.0.1 -P"$port" -uroot -e 'CREATE DATABASE selfcheck'
export DATABASE_URL="mysql://root@127.0.0.1:$port/selfcheck" MARIADB_PID=$pid
echo "privatedb.sh: MariaDB (pid $pid) on 127.0.0.1:$port${TUNED:+, tuned}" >&2
"$@"
