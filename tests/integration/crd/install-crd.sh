#!/bin/bash
# Installs crds/locust.io_locusttests.yaml into the integration tests' control plane and waits until
# the API server serves it (CTest test crd.install, FIXTURES_SETUP locust_crd).
#   install-crd.sh <control plane dir> <crd file>
# `apply`, so running it again against the same control plane changes nothing. kubectl is the
# control plane's (DIR/env), with a discovery cache of its own inside DIR.
set -euo pipefail
dir=$1
crd=$2
# shellcheck source=/dev/null
source "$dir/env"
kubectl=("$KUBECTL" --kubeconfig "$KUBECONFIG" --cache-dir "$dir/kubectl-cache")
"${kubectl[@]}" apply -f "$crd"
"${kubectl[@]}" wait --for=condition=Established --timeout=60s crd/locusttests.locust.io
