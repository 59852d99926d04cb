#!/usr/bin/env bash
# fuzz.sh [DURATION]: runs every Fuzz* target in the module for DURATION each.
# Minimizing a new interesting input is capped at 5 s (Go's default is 60 s,
# during which no executions are counted).
set -euo pipefail
t=${1:-30s}
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for f in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/func //'); do
    echo "== $pkg $f ($t)"
    go test -run='^$' -fuzz="^$f\$" -fuzztime="$t" -fuzzminimizetime=5s "$pkg"
  done
done
