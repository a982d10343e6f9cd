#!/usr/bin/env bash
# The product's start command. The product is being built in steps (see README.md, "Status"); this
# runs what exists today and says plainly what does not exist yet.
set -euo pipefail
cd "$(dirname "$0")/.."

node scripts/demo-selection.mjs

cat <<'MSG'

Not built yet, so not started:
  - trainer server (labels over HTTP, DICOMweb pull, continual fine-tuning, ONNX registry)  issue 5
  - OHIF viewer with the AIFT extension and mode                                             issue 6
  - local Orthanc PACS with demo studies, one-command start, doctor                          issue 7
MSG
