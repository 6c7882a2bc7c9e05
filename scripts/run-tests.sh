#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs what is missing, builds the test
# flavour, runs every CTest test. The last lines are CTest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh test
cd build/test
exec ctest --output-on-failure --parallel "$(nproc)"
