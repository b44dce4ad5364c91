#!/usr/bin/env bash
# CI: executes every notebook in examples/notebooks/ headless with the tslab kernel; a notebook whose cell
# raises fails the script. The committed notebooks keep their outputs and are not modified (executed copies
# go to a temporary folder). Installs Jupyter (Debian) and tslab (npm) unless present; expects `npm ci` to have
# run (the notebooks load Borel's sources through tsx from node_modules, see examples/notebooks/load.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
if ! command -v jupyter-nbconvert >/dev/null 2>&1 || ! python3 -c "import ipykernel" >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends jupyter-nbconvert python3-ipykernel jupyter-client >/dev/null
fi
if ! command -v tslab >/dev/null 2>&1 || ! tslab --version 2>/dev/null | grep -q "1\.0\.22"; then
  # zeromq ships prebuilt binaries for linux-x64: its (blocked) install script is not needed.
  npm install -g --no-audit --no-fund tslab@1.0.22
fi
tslab install --python=/usr/bin/python3 >/dev/null
out=$(mktemp -d)
status=0
for nb in examples/notebooks/*.ipynb; do
  start=$(date +%s)
  if jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=tslab \
      --output-dir "$out" "$nb" >"$out/log.txt" 2>&1; then
    echo "notebooks: ok   $nb ($(( $(date +%s) - start )) s)"
  else
    echo "notebooks: FAIL $nb"
    grep -v "^\s*$" "$out/log.txt" | tail -25
    status=1
  fi
done
rm -rf "$out"
exit $status
