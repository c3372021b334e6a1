#!/usr/bin/env bash
# Runs the Workers (workerd + D1) suite. It normally takes 2-3 minutes. Now and then workerd cancels a request as
# "hung" and the pool then stops reporting: the remaining files never finish and nothing fails. So the suite gets a
# bound, and a run that hits it (exit 124, a stall, not a failing test) is run once more from the start. A failing
# test fails at once and is never re-run. Both runs print everything they do.
set -uo pipefail
cd "$(dirname "$0")/../.."
LIMIT_SECONDS="${WORKERS_SUITE_LIMIT_SECONDS:-600}"
run() {
  timeout --kill-after=15 "$LIMIT_SECONDS" npx vitest run --project workers --reporter=default --reporter=json \
    --outputFile.json=test-results/workers.json "$@"
}
run "$@"
status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "workers suite: no progress within ${LIMIT_SECONDS} s (a stalled pool, not a failing test); running it once more"
  # The stalled run's workerd processes (the pool's runtime) outlive vitest; they hold nothing the new run needs.
  pkill -f 'workerd-linux-64/bin/workerd serve' 2>/dev/null || true
  run "$@"
  status=$?
fi
exit "$status"
