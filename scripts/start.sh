#!/usr/bin/env bash
# The product's start command (`npm start`): a local Orthanc PACS with a synthetic demo dataset and the
# trainer server on it. Options: `npm start -- --help`. Ctrl-C stops everything.
# package.json runs this with `exec` and this execs node, so npm's child is the node process itself: npm
# forwards SIGTERM and SIGINT to its child, and a shell in between (sh -c) would die of them and leave the
# rest running. The node process also stops when npm or npm's parent dies (start/lifeline.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

START=trainer-server/dist/cli/start.js
if [[ ! -f "$START" ]]; then
  echo "start: $START is missing: run 'bash scripts/setup.sh' (or 'npx tsc -b') first" >&2
  exit 1
fi
exec node "$START" "$@"
