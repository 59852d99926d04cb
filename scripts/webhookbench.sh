#!/usr/bin/env bash
# webhookbench.sh: the webhook benchmark as users produce it. It starts a
# private MariaDB on disk (Debian's defaults, or with TUNED=1 the settings
# README recommends), a bare silenceper/wechat echo server, the floor (the
# echo server plus one read and one durable write per batch of messages, the
# least a durable webhook with shared state does) and `selfcheck serve`, then
# posts signed text messages with scripts/webhookload from a separate
# process, alternating echo, floor and serve RUNS times, and prints each
# run's req/s, p50/p99 and the server's peak RSS (VmHWM). Everything it
# started is stopped on exit.
#   PORT      first of four local ports (default 19410: MariaDB, +1 echo, +2 serve, +3 floor)
#   DURATION  each run (default 15s)      RUNS   runs of each (default 3)
#   CLIENTS   concurrent clients (32)     USERS  pool of followers (4000)
#   NEW       share of first-time users (0.3)
#   TUNED     1: innodb_buffer_pool_size=1G, innodb_log_file_size=512M
#   SELFCHECK binary to measure (default: built from this tree)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/sbin
port=${PORT:-19410}
base=$(mktemp -d /var/tmp/selfcheck-webhookbench.XXXXXX)
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

bin=${SELFCHECK:-$base/selfcheck}
[[ -n "${SELFCHECK:-}" ]] || go build -o "$bin" ./app
go build -o "$base/webhookload" ./scripts/webhookload

tuning=()
if [[ -n "${TUNED:-}" ]]; then tuning=(--innodb-buffer-pool-size=1G --innodb-log-file-size=512M); fi
user_args=()
mkdir -p "$base/mysql"
if [[ $(id -u) -eq 0 ]]; then chown mysql:mysql "$base/mysql"; user_args=(--user=mysql); fi
mariadb-install-db "${user_args[@]}" --datadir="$base/mysql/data" --auth-root-authentication-method=normal \
  --skip-test-db >"$base/mysql-install.log" 2>&1 || { cat "$base/mysql-install.log" >&2; exit 1; }
# --no-defaults then Debian's own settings (50-server.cnf): durable commits,
# 128M buffer pool, data on disk.
mariadbd --no-defaults "${user_args[@]}" --datadir="$base/mysql/data" --port="$port" --bind-address=127.0.0.1 \
  --socket="$base/mysql/sock" --pid-file="$base/mysql/pid" \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci "${tuning[@]}" \
  >"$base/mysql.log" 2>&1 &
pids+=($!); db_pid=$!
for _ in $(seq 1 120); do
  if mariadb-admin --protocol=tcp -h127.0.0.1 -P"$port" -uroot ping >/dev/null 2>&1; then break; fi
  kill -0 "${pids[-1]}" 2>/dev/null || { cat "$base/mysql.log" >&2; exit 1; }
  sleep 0.25
done
mariadb --protocol=tcp -h127.0.0.1 -P"$port" -uroot -e 'CREATE DATABASE selfcheck'
echo "== $(date -u +%FT%TZ) $(nproc) cores, $(go version | cut -d' ' -f3), MariaDB $(mariadbd --version | awk '{print $3}'), $([[ -n "${TUNED:-}" ]] && echo tuned || echo "Debian defaults")"
mariadb --protocol=tcp -h127.0.0.1 -P"$port" -uroot -N -e "SELECT @@innodb_flush_log_at_trx_commit, @@innodb_buffer_pool_size, @@innodb_log_file_size" | sed 's/^/== flush_log_at_trx_commit, buffer pool, log file: /'

token=loadtoken
"$base/webhookload" -echo "127.0.0.1:$((port+1))" -token "$token" &
pids+=($!); echo_pid=$!
# The floor: the echo server plus the least a durable webhook does with its
# database (per batch, read the chats' states, commit the nonces).
mariadb --protocol=tcp -h127.0.0.1 -P"$port" -uroot -e 'CREATE DATABASE floor'
"$base/webhookload" -echo "127.0.0.1:$((port+3))" -token "$token" -floor "root@tcp(127.0.0.1:$port)/floor" &
pids+=($!); floor_pid=$!
DATABASE_URL="mysql://root@127.0.0.1:$port/selfcheck" LISTEN_ADDR="127.0.0.1:$((port+2))" DATA_DIR="$base/data" \
  WECHAT_APPID=wxload WECHAT_APPSECRET=load WECHAT_TOKEN=$token WECHAT_API_BASE="http://127.0.0.1:1" \
  "$bin" serve >"$base/serve.log" 2>&1 &
pids+=($!); serve_pid=$!
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$((port+2))/readyz" >/dev/null 2>&1 && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$base/serve.log" >&2; exit 1; }
  sleep 0.25
done
load=("$base/webhookload" -token "$token" -d "${DURATION:-15s}" -c "${CLIENTS:-32}" -users "${USERS:-4000}" -new "${NEW:-0.3}")
# dbstat prints the server's statement and commit counters, to count what
# each message costs the database.
dbstat() {
  mariadb --protocol=tcp -h127.0.0.1 -P"$port" -uroot -N -e "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS
    WHERE VARIABLE_NAME IN ('QUESTIONS','COM_SELECT','COM_INSERT','COM_UPDATE','COM_COMMIT','INNODB_DATA_FSYNCS','INNODB_ROWS_INSERTED','INNODB_ROWS_UPDATED','BYTES_RECEIVED','BYTES_SENT') ORDER BY 1"
}
for r in $(seq 1 "${RUNS:-3}"); do
  echo "== load $(cut -d' ' -f1-3 /proc/loadavg)"
  "${load[@]}" -label "echo-$r" -url "http://127.0.0.1:$((port+1))/" -pid "$echo_pid" -cpu "$echo_pid"
  "${load[@]}" -label "floor-$r" -url "http://127.0.0.1:$((port+3))/" -pid "$floor_pid" -cpu "$floor_pid,$db_pid"
  before=$(dbstat)
  "${load[@]}" -label "serve-$r" -url "http://127.0.0.1:$((port+2))/wechat" -pid "$serve_pid" -cpu "$serve_pid,$db_pid" | tee "$base/serve-$r.out"
  n=$(awk '/req\/s/{for(i=1;i<=NF;i++) if($i=="ok") print $(i+1)}' "$base/serve-$r.out")
  join <(echo "$before") <(dbstat) | awk -v n="$n" -v r="$r" 'BEGIN{printf "serve-%s\tper message:", r} {printf "  %s %.2f", tolower($1), ($3-$2)/n} END{print ""}'
done
curl -fs "http://127.0.0.1:$((port+2))/metrics" | grep -E '^selfcheck_webhook_(read_answers_total|messages_total\{kind="text",outcome="ok"\})' | sed 's/^/== serve /' || true
echo "== load after $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== serve VmHWM $(awk '/VmHWM/{print $2, $3}' /proc/$serve_pid/status)"
grep -i 'error' "$base/serve.log" | head -3 | cut -c1-300 | sed 's/^/== serve log: /' || true
