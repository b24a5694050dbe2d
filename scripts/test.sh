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
vitest run --reporter=default --reporter=json --outputFile.json=.test-artifacts/vitest.json || status=$?

# A plain closing line any CI can read; skipped or todo tests count as a failure of the run.
node -e '
  const r = require("./.test-artifacts/vitest.json");
  const skipped = r.numPendingTests + r.numTodoTests;
  if (skipped > 0) console.log(`[test] ${skipped} test(s) were skipped: every test must run`);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  process.exit(r.numFailedTests > 0 || skipped > 0 || r.numTotalTests === 0 ? 1 : 0);
' || status=1
exit $status
