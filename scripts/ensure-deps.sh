#!/usr/bin/env bash
# Installs what the test suite needs when it is missing: Debian's PostgreSQL, Chromium, CJK fonts and R
# (with survival and rpact), Open Babel, AutoDock Vina and RDKit's Python build, and the npm packages of the
# lockfile. Safe to run again; does nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
# Japanese glyphs for the UI in Chromium (screenshots show text, not empty boxes)
fc-list :lang=ja 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
command -v runuser >/dev/null || need+=(util-linux)
# statistical oracles: R's survival (coxph, survfit) and glm check the RWD engine's numbers
command -v Rscript >/dev/null || need+=(r-base-core)
Rscript -e 'library(survival)' >/dev/null 2>&1 || need+=(r-cran-survival)
# rpact checks the trial engine's group-sequential boundaries and sample sizes
Rscript -e 'library(rpact)' >/dev/null 2>&1 || need+=(r-cran-rpact)
# the in-silico screen: Open Babel and AutoDock Vina run as subprocesses; RDKit's Python build is the
# oracle for fingerprints and descriptors
command -v obabel >/dev/null || need+=(openbabel)
command -v vina >/dev/null || need+=(autodock-vina)
/usr/bin/python3 -c 'import rdkit' >/dev/null 2>&1 || need+=(python3-rdkit)

if [ ${#need[@]} -gt 0 ]; then
  echo "[deps] installing Debian packages: ${need[*]}"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "[deps] need root (or sudo) to apt-get install ${need[*]}" >&2; exit 1; }
    sudo_cmd=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[deps] installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
