#!/usr/bin/env bash
# Run test suites at chosen instants of the pinned test clock (docs/decisions.md, "Test clock").
#
#   tests/clock_matrix.sh [SUITE ...]              suites: unit unit-pg e2e e2e-scaleout
#   INSTANTS="2026-12-09T16:30:00+00:00 ..." tests/clock_matrix.sh unit
#
# unit = tests/unit + tests/integration on SQLite, unit-pg = tests/unit on PostgreSQL,
# e2e = browser tests on the embedded stack, e2e-scaleout = the scale-out browser tests.
# Default suites: unit unit-pg. Default instants: eight over the coming week (UTC), among them
# 16:30 and 23:30 UTC (just after midnight in Shanghai) and two on a Sunday in Shanghai.
# One line per run; logs in test-artifacts/clock-matrix/. Exit status 1 if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTEST=(.venv/bin/pytest -q -p no:cacheprovider)
export CI=1 REFLEX_BUN_PATH="$PWD/.tools/node_modules/.bin/bun" REFLEX_DIR="$PWD/.tools/reflex"

if [[ -z "${INSTANTS:-}" ]]; then
  INSTANTS=$(.venv/bin/python - <<'PY'
from datetime import UTC, datetime, timedelta

day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
saturday = day + timedelta(days=(5 - day.weekday()) % 7)  # Saturday 16:30 UTC = Sunday 00:30 local
picks = [(0, 16, 30), (1, 23, 30), (2, 3, 15), (3, 8, 45), (4, 13, 0), (5, 19, 50)]
moments = [day + timedelta(days=d, hours=h, minutes=m) for d, h, m in picks]
moments += [saturday + timedelta(hours=16, minutes=30), saturday + timedelta(hours=29)]
print(" ".join(m.isoformat() for m in moments))
PY
)
fi
SUITES=("$@")
[[ ${#SUITES[@]} -eq 0 ]] && SUITES=(unit unit-pg)

LOGS=test-artifacts/clock-matrix
mkdir -p "$LOGS"
failed=0
for instant in $INSTANTS; do
  for suite in "${SUITES[@]}"; do
    case "$suite" in
      unit) cmd=(env "${PYTEST[@]}" tests/unit tests/integration) ;;
      unit-pg) cmd=(env SALON_TEST_DATABASE=postgres "${PYTEST[@]}" tests/unit) ;;
      e2e) cmd=(env "${PYTEST[@]}" tests/e2e) ;;
      e2e-scaleout) cmd=(env SALON_E2E_STACK=scaleout "${PYTEST[@]}" tests/e2e -m scaleout) ;;
      *) echo "unknown suite: $suite" >&2; exit 2 ;;
    esac
    log="$LOGS/${instant//[:+]/-}-$suite.log"
    if SALON_TEST_NOW="$instant" "${cmd[@]}" >"$log" 2>&1; then result=PASS; else result=FAIL; failed=1; fi
    echo "$instant $suite $result: $(grep -E '^[0-9]+ (passed|failed)|^(FAILED|ERROR)' "$log" | tail -1) ($log)"
  done
done
exit $failed
