#!/usr/bin/env bash
# Sets up a fresh Debian machine for the product and its tests: checks Node, installs the locked npm
# packages and builds the TypeScript packages. Safe to run again (each step is skipped when done).
set -euo pipefail
cd "$(dirname "$0")/.."

need_node_major=20
need_node_minor=19
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: Node.js >= ${need_node_major}.${need_node_minor} with npm is required (Debian: apt-get install nodejs npm, or nodejs.org)." >&2
  exit 1
fi
IFS=. read -r major minor _ <<<"$(node --version | tr -d v)"
if ((major < need_node_major || (major == need_node_major && minor < need_node_minor))); then
  echo "setup: Node.js $(node --version) is too old; need >= ${need_node_major}.${need_node_minor}." >&2
  exit 1
fi

# npm ci is skipped when node_modules was installed from this very lock file (hash kept beside it).
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ "$(cat node_modules/.installed-lock-sha256 2>/dev/null)" != "$lock_hash" ]]; then
  echo "setup: installing npm packages (package-lock.json)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" >node_modules/.installed-lock-sha256
fi

echo "setup: building TypeScript packages"
npx tsc -b
