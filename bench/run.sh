#!/usr/bin/env bash
# `make bench`: every benchmark, then docs/BENCHMARKS.md assembled from their
# results. QUICK=1 shortens each run (3 s) for a look in a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${QUICK:-0} == 1 ]]; then
  export DURATION=${DURATION:-3s} MIN=${MIN:-20000}
fi
bash bench/pages/run.sh
bash bench/comments/run.sh
bash bench/report.sh
