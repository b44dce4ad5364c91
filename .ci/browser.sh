#!/usr/bin/env bash
# CI: the browser playground in Debian's headless Chromium. Installs Chromium (apt) unless present, builds the
# playground (web/dist) and runs test/web/playground.test.ts (load, the coin example's numbers, a located
# syntax error, Stop during a long run, screenshots in tmp/). Expects `npm ci` to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
chromium --version
npx tsc --noEmit -p web
node web/build.mjs
BOREL_BROWSER_TEST=1 node test/run.mjs test/web/playground
