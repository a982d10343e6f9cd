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

# Debian packages: Orthanc with its DICOMweb plugin is the real PACS the tests (and the local demo) run;
# Chromium runs the browser tests (the viewer itself works in any modern browser).
apt_packages=(orthanc orthanc-dicomweb chromium)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # The package starts a system-wide Orthanc on port 8042; the project runs its own, so stop that one.
    if command -v systemctl >/dev/null && systemctl is-active --quiet orthanc 2>/dev/null; then
      systemctl disable --now orthanc >/dev/null 2>&1 || true
    fi
  else
    echo "setup: WARNING: Debian packages missing: ${missing[*]}. Install them as root:" >&2
    echo "         apt-get install --no-install-recommends ${missing[*]}" >&2
    echo "       (the PACS and browser tests need them; the product needs only orthanc + orthanc-dicomweb," >&2
    echo "       or an existing PACS given with --pacs)." >&2
  fi
fi

# npm ci is skipped when node_modules was installed from this very lock file (hash kept beside it).
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ "$(cat node_modules/.installed-lock-sha256 2>/dev/null)" != "$lock_hash" ]]; then
  echo "setup: installing npm packages (package-lock.json)"
  # onnxruntime-node's install script would download CUDA libraries (offline it fails); CPU inference needs
  # nothing more. npm 11 skips dependency install scripts anyway; older npm runs them. A GPU deployment sets
  # ONNXRUNTIME_NODE_INSTALL=cuda12 instead (docs/engine.md).
  ONNXRUNTIME_NODE_INSTALL="${ONNXRUNTIME_NODE_INSTALL:-skip}" npm ci --no-audit --no-fund
  echo "$lock_hash" >node_modules/.installed-lock-sha256
fi

echo "setup: building the TypeScript packages and the viewer plugins"
npm run --silent build

# The prebuilt OHIF viewer, pinned by version and integrity, from the npm registry into .cache/ohif.
node viewer/dist/cli/fetchOhif.js
