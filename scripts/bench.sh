#!/usr/bin/env bash
# bench.sh: runs the benchmarks recorded in BENCHMARKS.md against a throwaway
# MariaDB with its default durability (innodb_flush_log_at_trx_commit=1, data
# on disk), unless MYSQL_TEST_DSN names another server. BENCH_FIRMS sets the
# sizes of the full-recompute benchmark (default "100000 1000000").
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_FIRMS=${BENCH_FIRMS:-"100000 1000000"}
out=${BENCH_OUT:-bench.out}
echo "== machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version)" | tee "$out"
SELFCHECK_BENCH_DURABLE=1 ./scripts/services.sh go test -run '^$' -bench . -benchtime "${BENCHTIME:-1x}" -count "${BENCHCOUNT:-1}" -timeout 60m \
  ./scoring/ ./app/ ./bot/... ./models/... 2>&1 | tee -a "$out"
