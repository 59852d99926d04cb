#!/usr/bin/env bash
# bench.sh: runs the benchmarks recorded in BENCHMARKS.md against a throwaway
# MariaDB with its default durability (innodb_flush_log_at_trx_commit=1, data
# on disk) and a throwaway Redis, unless MYSQL_TEST_DSN / REDIS_TEST_URL name
# other servers. Sizes are the targets of DESIGN.md; override them to try
# smaller runs:
#   BENCH_FIRMS          full recompute sizes        (default "100000 1000000")
#   SEED_BENCH_N         firms seeded                (default 1000000)
#   BENCH_RANKING_FIRMS  firms behind the ranking    (default 1000000)
#   BENCH                benchmark name pattern      (default ".")
# The output goes to bench.out as well; it takes about an hour on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_FIRMS=${BENCH_FIRMS:-"100000 1000000"}
export SEED_BENCH_N=${SEED_BENCH_N:-1000000}
export BENCH_RANKING_FIRMS=${BENCH_RANKING_FIRMS:-1000000}
out=${BENCH_OUT:-bench.out}
{
  echo "== $(date -u +%FT%TZ) $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3-)"
  echo "== load: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
# Microbenchmarks: the default benchtime, five counts for medians.
go test -run '^$' -bench "${BENCH:-.}" -count 5 ./scoring/ ./app/planner/ 2>&1 | tee -a "$out"
go test -run '^$' -bench 'Generate' -count 5 ./app/seeddata/ 2>&1 | tee -a "$out"
# Whole-system benchmarks: each iteration is one full run against MariaDB
# (they report their own medians and baselines).
SELFCHECK_BENCH_DURABLE=1 ./scripts/services.sh go test -run '^$' -bench "${BENCH:-Seed|Recompute|RescoreOne|Webhook|CampaignPush|Ranking}" \
  -benchtime 1x -count "${BENCHCOUNT:-1}" -timeout 120m ./app/ ./app/seeddata/ ./bot/ ./models/storetest/ 2>&1 | tee -a "$out"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
