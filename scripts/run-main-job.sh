#!/usr/bin/env bash
# The product's main job on this machine: the operator daemon running a LocustTest on an embedded
# local control plane (kube-apiserver, etcd and kube-controller-manager from tests/cluster; there is
# no kubelet, so the test's pods are created but stay Pending). The daemon serves its webhooks, which
# the API server calls: a v1 test is converted, an invalid test is rejected.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh >&2
bash scripts/build.sh release

dir=$(mktemp -d)
daemon=
cleanup() {
    if [ -n "$daemon" ] && kill -TERM "$daemon" 2>/dev/null; then
        wait "$daemon" && echo "operator stopped: exit 0" || echo "operator stopped: exit $?"
    fi
    bash tests/cluster/control-plane.sh stop "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

bash tests/cluster/control-plane.sh start "$dir" >&2
# shellcheck disable=SC1091
source "$dir/env"
kubectl() { "$KUBECTL" --kubeconfig "$KUBECONFIG" --cache-dir "$dir/kubectl-cache" "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
bash tests/integration/crd/install-crd.sh "$dir" crds/locust.io_locusttests.yaml >&2

# The control plane's serving certificate for 127.0.0.1 stands in for cert-manager's.
mkdir -p "$dir/webhook-certs"
cp "$WEBHOOK_CERT" "$dir/webhook-certs/tls.crt"
cp "$WEBHOOK_KEY" "$dir/webhook-certs/tls.key"
webhook_port=$(free_port)
probe_port=$(free_port)
metrics_port=$(free_port)
build/release/daemon/locust-operator --kubeconfig "$KUBECONFIG" --leader-elect --leader-election-namespace default \
    --enable-webhooks --webhook-cert-path "$dir/webhook-certs" --webhook-port "$webhook_port" \
    --health-probe-bind-address "127.0.0.1:$probe_port" \
    --metrics-bind-address "127.0.0.1:$metrics_port" --metrics-secure=false \
    --log-format=text 2>"$dir/operator.log" &
daemon=$!
for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$probe_port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
done
echo "operator ready: $(curl -fsS "http://127.0.0.1:$probe_port/readyz?verbose" | tr '\n' ' ')"

ca_bundle=$(base64 -w0 "$CA_CERT")
kubectl apply -f - <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: locust-operator-validating-webhook}
webhooks:
- name: vlocusttest-v2.locust.io
  admissionReviewVersions: [v1]
  sideEffects: None
  failurePolicy: Fail
  clientConfig: {url: "https://127.0.0.1:$webhook_port/validate-locust-io-v2-locusttest", caBundle: "$ca_bundle"}
  rules:
  - {apiGroups: [locust.io], apiVersions: [v2], operations: [CREATE, UPDATE], resources: [locusttests]}
EOF
kubectl patch crd locusttests.locust.io --type=merge -p "{\"spec\":{\"conversion\":{\"strategy\":\"Webhook\",
    \"webhook\":{\"conversionReviewVersions\":[\"v1\"],\"clientConfig\":{
    \"url\":\"https://127.0.0.1:$webhook_port/convert\",\"caBundle\":\"$ca_bundle\"}}}}}"
sleep 2 # the API server picks up webhook configuration changes asynchronously

kubectl create namespace load
kubectl apply -f docs/examples/locusttest-v2.yaml
kubectl apply -f docs/examples/locusttest-v1.yaml
for _ in $(seq 100); do
    phase=$(kubectl -n load get locusttests.v2.locust.io demo -o 'jsonpath={.status.phase}')
    [ -n "$phase" ] && break
    sleep 0.2
done
echo
echo "== rejected by the validating webhook (expected):"
kubectl -n load apply -f - 2>&1 <<EOF || true
apiVersion: locust.io/v2
kind: LocustTest
metadata: {name: a-test-name-that-is-far-too-long-for-the-job-names-it-would-generate}
spec:
  image: locustio/locust:2.43.1
  master: {command: --locustfile /lotest/src/locustfile.py}
  worker: {command: --locustfile /lotest/src/locustfile.py, replicas: 1}
EOF
echo
echo "== the v1 test, read as v2 (converted by the operator):"
kubectl -n load get locusttests.v2.locust.io legacy-demo -o 'jsonpath={.spec}'
echo
echo
kubectl -n load get locusttests,jobs,services,pods
echo
kubectl -n load get events --sort-by=.lastTimestamp | tail -n 12
echo
echo "== metrics:"
curl -fsS "http://127.0.0.1:$metrics_port/metrics" | grep -E '^controller_runtime_reconcile_total|^workqueue_adds_total|^process_resident_memory_bytes' || true
echo
echo "== operator log (last lines):"
tail -n 15 "$dir/operator.log"
