#!/usr/bin/env bash
# Prints the daemon's figures: reconcile latency and API requests per test, API requests when idle,
# and the resident memory of the locust-operator process when idle. Runs against a local control
# plane (tests/cluster/control-plane.sh) started here and stopped at the end.
#   bash bench/run.sh [TESTS]     (default 20 LocustTests)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh >&2
bash scripts/build.sh release

dir=$(mktemp -d)
trap 'bash tests/cluster/control-plane.sh stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
bash tests/cluster/control-plane.sh start "$dir" >&2
# shellcheck disable=SC1091
source "$dir/env"
bash tests/integration/crd/install-crd.sh "$dir" crds/locust.io_locusttests.yaml >&2
build/release/bench/webhookbenchmark
build/release/bench/daemonbenchmark "$PWD/build/release/daemon/locust-operator" "${1:-20}"
