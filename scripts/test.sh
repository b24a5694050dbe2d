#!/usr/bin/env bash
# The one test command (`npm test`): installs what the tests need when it is missing, starts a
# throwaway PostgreSQL, then runs lint, type checks, the web build and every test — unit,
# integration on PGlite and PostgreSQL, CLI, and end-to-end in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p .test-artifacts

pgdir=$(mktemp -d /tmp/kakehashi-pg.XXXXXX)
cleanup() { bash scripts/pg-test-server.sh stop "$pgdir"; rm -rf "$pgdir"; }
trap cleanup EXIT
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
TEST_DATABASE_URL=$(bash scripts/pg-test-server.sh start "$pgdir" "$port")
export TEST_DATABASE_URL
echo "[test] PostgreSQL $(psql "$TEST_DATABASE_URL" -Atc 'show server_version') at $TEST_DATABASE_URL"

echo "[test] lint and format (Biome)"
biome check .
echo "[test] type check (tsc, strict)"
npm run --silent typecheck
echo "[test] build the web UI (Vite)"
npm run --silent build:web >/dev/null

echo "[test] vitest: unit, integration (PGlite + PostgreSQL), CLI, e2e (Chromium)"
status=0
vitest run --reporter=default --reporter=json --outputFile.json=.test-artifacts/vitest.json 2>&1 |
  tee .test-artifacts/vitest.log || status=$?
vitest_status=$status
# Errors outside any test (unhandled rejections) fail the run without failing a test: repeat them at the end,
# where a CI log's tail shows them.
if grep -q "Unhandled Error" .test-artifacts/vitest.log; then
  echo "[test] errors outside the tests (vitest exits non-zero for them):"
  sed -n '/Unhandled Error/,/Test Files/p' .test-artifacts/vitest.log | sed 's/\x1b\[[0-9;]*m//g' | head -n 80
fi

# A plain closing line any CI can read. Skipped or todo tests fail the run, except the tests on the
# real external data sets when ../shared/data (KAKEHASHI_SHARED_DATA) is absent, as in a user's clone.
shared=${KAKEHASHI_SHARED_DATA:-$PWD/../shared/data}
if [ -d "$shared" ]; then shared_present=1; else shared_present=0; echo "[test] shared data not found at $shared: the tests on real external data did not run"; fi
SHARED_PRESENT=$shared_present node -e '
  const r = require("./.test-artifacts/vitest.json");
  const skipped = r.numPendingTests + r.numTodoTests;
  const allowed = process.env.SHARED_PRESENT === "0";
  if (skipped > 0) console.log(`[test] ${skipped} test(s) were skipped${allowed ? " (external data absent)" : ": every test must run"}`);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(r.numFailedTests > 0 || (skipped > 0 && !allowed) || r.numTotalTests === 0 ? 1 : 0);
' || status=1
[ "$vitest_status" -eq 0 ] || echo "[test] vitest exited with status $vitest_status"
exit $status
