#!/usr/bin/env bash
# The main job: install what is missing, build, and report on the default network.
# Usage: scripts/main.sh [extra 'partnet report' options]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$here/scripts/setup.sh" "$here/build" Release -DPARTNET_TESTS=OFF
cd "$here"
./build/partnet validate networks/lorraine
./build/partnet report networks/lorraine "$@"
