#!/usr/bin/env bash
# The product's main job on this machine. Until the in-cluster daemon exists, that is rendering the
# objects the operator creates for the shipped example LocustTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh release
exec build/release/daemon/locust-operator render -f docs/examples/locusttest-v2.yaml "$@"
