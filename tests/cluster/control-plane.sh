#!/usr/bin/env bash
# A real local Kubernetes 1.20 control plane for integration tests: etcd, kube-apiserver and
# kube-controller-manager on 127.0.0.1, on free random ports, with fresh certificates. The binaries come
# from the cache that build-kubernetes.sh fills; etcd from Debian's etcd-server.
#
#   control-plane.sh start DIR [--watch-parent]   start; writes DIR/env, DIR/admin.kubeconfig, pki/, logs/
#   control-plane.sh stop DIR                     stop all three processes and remove DIR (idempotent)
#   control-plane.sh restart-apiserver DIR        restart kube-apiserver on the same port with the same flags
#   control-plane.sh compact DIR                  compact etcd to its current revision (prints it): a
#                                                 ConfigMap watch from an older resourceVersion gets 410
#   control-plane.sh status DIR                   show which processes run and whether the apiserver is ready
#   control-plane.sh shell DIR                    start (unless running), open a shell with DIR/env sourced,
#                                                 stop when that shell exits
#
# --watch-parent (used by the CTest fixture) also starts a watchdog that stops the control plane when the
# process that called `start` (ctest) exits without running the cleanup, e.g. when it is killed.
#
# Environment: LOCUST_K8S_BIN_DIR (use these binaries instead of the cache), LOCUST_K8S_CACHE (see
# build-kubernetes.sh), LOCUST_CP_TIMEOUT (seconds to wait for each component, default 90), ETCD (etcd
# binary, default from PATH or /usr/bin/etcd), LOCUST_CP_WATCH_CACHE_SIZES (kube-apiserver
# --watch-cache-sizes, default configmaps#0: see below).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly here
readonly self=$here/control-plane.sh
readonly timeout=${LOCUST_CP_TIMEOUT:-90}
readonly stop_grace=10 # seconds between TERM and KILL
# kube-apiserver 1.20 waits up to 60 s for open watches after TERM; tests need no graceful drain.
readonly apiserver_stop_grace=3
readonly components=(kube-controller-manager kube-apiserver etcd) # in stop order
readonly marker=.locust-control-plane
readonly sa_issuer=https://kubernetes.default.svc.cluster.local
# ConfigMaps bypass the apiserver's watch cache, as Events do on every 1.20 apiserver: their watches read
# etcd directly, so `compact` makes a watch from an older resourceVersion end with 410 Gone. Resources
# with a watch cache (everything else) send bookmarks, and 410 only for resourceVersions older than the
# cache's window, e.g. from before `restart-apiserver`.
readonly watch_cache_sizes=${LOCUST_CP_WATCH_CACHE_SIZES:-configmaps#0}

log() { printf 'control-plane: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$self" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; exit 2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- processes -------------------------------------------------------------------------------------

# A pid belongs to this control plane while its command line mentions DIR (every component gets paths
# inside DIR). Zombies and recycled pids have other command lines, so they count as gone.
owned() { # pid
    local cmdline
    [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] || return 1
    cmdline=$(tr '\0' '\n' 2>/dev/null <"/proc/$1/cmdline") || return 1
    grep -qF -- "$dir/" <<<"$cmdline"
}

terminate() { # pid label [grace]: TERM, then KILL after the grace period
    local pid=$1 label=$2 grace=${3:-$stop_grace} waited=0
    owned "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    while owned "$pid"; do
        if ((waited >= grace * 10)); then
            [ "$label" = kube-apiserver ] || log "$label (pid $pid) ignored TERM for ${grace}s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            waited=0
            while owned "$pid" && ((waited < 100)); do sleep 0.1; waited=$((waited + 1)); done
            owned "$pid" && log "warning: $label (pid $pid) survived KILL"
            return 0
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}

stop_component() { # name
    local pidfile=$dir/run/$1.pid
    [ -f "$pidfile" ] || return 0
    local grace=$stop_grace
    [ "$1" = kube-apiserver ] && grace=$apiserver_stop_grace
    terminate "$(cat "$pidfile" 2>/dev/null || true)" "$1" "$grace"
    rm -f "$pidfile"
}

stop_all() {
    local name pid proc argv0
    # The watchdog first, unless it is the one stopping us.
    if [ -f "$dir/run/watchdog.pid" ]; then
        pid=$(cat "$dir/run/watchdog.pid" 2>/dev/null || true)
        rm -f "$dir/run/watchdog.pid"
        if [ -n "$pid" ] && [ "$pid" != "$PPID" ] && [ "$pid" != "$$" ]; then
            terminate "$pid" watchdog
        fi
    fi
    for name in "${components[@]}"; do
        stop_component "$name"
    done
    # Safety net for a component whose pid file was never written (start killed in between).
    for proc in $(grep -lsaF -- "$dir/" /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3); do
        argv0=$(tr '\0' '\n' 2>/dev/null <"/proc/$proc/cmdline" | head -n1) || continue
        case "${argv0##*/}" in
            etcd|kube-apiserver|kube-controller-manager) terminate "$proc" "${argv0##*/}" ;;
        esac
    done
}

spawn() { # name command... : background, stdio to DIR/logs/NAME.log, pid to DIR/run/NAME.pid
    local name=$1
    shift
    printf '==== %s %s\n' "$(date -u +%H:%M:%S.%N)" "$*" >>"$dir/logs/$name.log"
    "$@" </dev/null >>"$dir/logs/$name.log" 2>&1 &
    echo $! >"$dir/run/$name.pid"
}

pid_of() { cat "$dir/run/$1.pid" 2>/dev/null || true; }

alive() { # pid: exists and is not a zombie (a just-forked child may not have exec'd yet)
    local state
    [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 1
    state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

show_logs() {
    local name
    for name in "$@"; do
        [ -f "$dir/logs/$name.log" ] || continue
        log "---- last lines of $dir/logs/$name.log"
        grep -v "flags.go:[0-9]*\] FLAG:" "$dir/logs/$name.log" | tail -n 30 >&2
    done
}

# wait_until NAME CHECK...: 0 when CHECK succeeds, 2 when the process died, 1 on timeout.
wait_until() {
    local name=$1 deadline
    shift
    deadline=$(($(date +%s) + timeout))
    while :; do
        if "$@"; then return 0; fi
        alive "$(pid_of "$name")" || return 2
        (($(date +%s) < deadline)) || return 1
        sleep 0.1
    done
}

port_clash() { # name: did the last start fail because its port was taken?
    tail -n 50 "$dir/logs/$1.log" 2>/dev/null | grep -qiE 'address already in use'
}

free_ports() { # n: ports the OS hands out for 127.0.0.1:0, all distinct
    local python=python3
    [ -x /usr/bin/python3 ] && python=/usr/bin/python3
    "$python" - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# ---- checks ----------------------------------------------------------------------------------------

etcd_healthy() {
    curl -sf --max-time 2 "http://127.0.0.1:$etcd_port/health" 2>/dev/null | grep -q '"health":"true"'
}

apiserver_ready() {
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 --cacert "$dir/pki/ca.crt" \
        --cert "$dir/pki/admin.crt" --key "$dir/pki/admin.key" \
        "https://127.0.0.1:$apiserver_port/readyz" 2>/dev/null)" = 200 ]
}

kcm_healthy() {
    [ "$(curl -sk --max-time 2 "https://127.0.0.1:$kcm_port/healthz" 2>/dev/null)" = ok ]
}

default_service_account_ready() { # exists and has its token Secret (pods need it in 1.20)
    [ -n "$("$bin/kubectl" --kubeconfig "$dir/admin.kubeconfig" --cache-dir "$dir/kubectl-cache" \
        --request-timeout=5s get serviceaccount default -n default \
        -o 'jsonpath={.secrets[0].name}' 2>/dev/null)" ]
}

# ---- start -----------------------------------------------------------------------------------------

find_binaries() {
    local name
    if [ -n "${LOCUST_K8S_BIN_DIR:-}" ]; then
        bin=$LOCUST_K8S_BIN_DIR
    elif ! bin=$(bash "$here/build-kubernetes.sh" --lookup 2>/dev/null); then
        die "the Kubernetes binaries are not in the cache; build them first (about 5 minutes):
    bash $here/build-kubernetes.sh"
    fi
    for name in kube-apiserver kube-controller-manager kubectl; do
        [ -x "$bin/$name" ] || die "$bin/$name is missing; run bash $here/build-kubernetes.sh"
    done
    etcd_bin=${ETCD:-$(command -v etcd || echo /usr/bin/etcd)}
    [ -x "$etcd_bin" ] || die "etcd is not installed; run scripts/setup-debian.sh (package etcd-server)"
    for name in openssl curl; do
        command -v "$name" >/dev/null || die "$name is not installed; run scripts/setup-debian.sh"
    done
    command -v python3 >/dev/null || [ -x /usr/bin/python3 ] ||
        die "python3 is not installed; run scripts/setup-debian.sh"
}

make_pki() { # CA, apiserver, admin (system:masters), kcm, webhook serving cert, service-account keys
    local p=$dir/pki
    mkdir -p "$p"
    cat >"$p/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
[dn]
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[v3_apiserver]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost,IP:10.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
[v3_client]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
[v3_webhook]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
EOF
    openssl req -x509 -new -nodes -newkey rsa:2048 -sha256 -days 3650 -subj "/CN=locust-test-ca" \
        -keyout "$p/ca.key" -out "$p/ca.crt" -config "$p/openssl.cnf" -extensions v3_ca 2>/dev/null
    sign() { # name subject extensions
        openssl req -new -nodes -newkey rsa:2048 -sha256 -subj "$2" -keyout "$p/$1.key" -out "$p/$1.csr" \
            -config "$p/openssl.cnf" 2>/dev/null
        openssl x509 -req -in "$p/$1.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial -sha256 \
            -days 3650 -out "$p/$1.crt" -extfile "$p/openssl.cnf" -extensions "$3" 2>/dev/null
        rm -f "$p/$1.csr"
    }
    local jobs=()
    sign apiserver "/CN=kube-apiserver" v3_apiserver & jobs+=($!)
    sign admin "/O=system:masters/CN=locust-test-admin" v3_client & jobs+=($!)
    sign kcm "/CN=system:kube-controller-manager" v3_client & jobs+=($!)
    sign webhook "/CN=locust-test-webhook" v3_webhook & jobs+=($!)
    { openssl genrsa -out "$p/sa.key" 2048 && openssl rsa -in "$p/sa.key" -pubout -out "$p/sa.pub"; } 2>/dev/null &
    jobs+=($!)
    wait "${jobs[@]}" || true # etcd runs in the background too: wait only for these
    admin_token=$(openssl rand -hex 24)
    printf '%s,locust-test-token-admin,locust-test-token-admin,system:masters\n' "$admin_token" >"$p/tokens.csv"
    chmod 600 "$p"/*.key "$p/tokens.csv"
    for f in ca.crt apiserver.crt admin.crt kcm.crt webhook.crt sa.pub tokens.csv; do
        [ -s "$p/$f" ] || die "certificate generation failed: $p/$f is missing"
    done
}

write_kubeconfig() { # file user-stanza
    local file=$1
    shift
    cat >"$file.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: locust-test
  cluster:
    server: https://127.0.0.1:$apiserver_port
    certificate-authority-data: $(base64 -w0 "$dir/pki/ca.crt")
users:
- name: user
  user:
$(printf '    %s\n' "$@")
contexts:
- name: locust-test
  context:
    cluster: locust-test
    user: user
    namespace: default
current-context: locust-test
preferences: {}
EOF
    chmod 600 "$file.tmp"
    mv -f "$file.tmp" "$file"
}

write_kubeconfigs() {
    write_kubeconfig "$dir/admin.kubeconfig" \
        "client-certificate-data: $(base64 -w0 "$dir/pki/admin.crt")" \
        "client-key-data: $(base64 -w0 "$dir/pki/admin.key")"
    write_kubeconfig "$dir/token.kubeconfig" "token: $admin_token"
    write_kubeconfig "$dir/kcm.kubeconfig" \
        "client-certificate-data: $(base64 -w0 "$dir/pki/kcm.crt")" \
        "client-key-data: $(base64 -w0 "$dir/pki/kcm.key")"
}

launch_etcd() {
    read -r etcd_port etcd_peer_port <<<"$(free_ports 2)"
    spawn etcd "$etcd_bin" --name locust-test --data-dir "$dir/etcd-data" \
        --listen-client-urls "http://127.0.0.1:$etcd_port" \
        --advertise-client-urls "http://127.0.0.1:$etcd_port" \
        --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" \
        --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
        --initial-cluster "locust-test=http://127.0.0.1:$etcd_peer_port" \
        --initial-cluster-state new \
        --unsafe-no-fsync --quota-backend-bytes 8589934592 --logger=zap --log-level=warn
}

wait_etcd() { # relaunches on a port clash
    local attempt status
    for attempt in 1 2 3 4 5; do
        status=0
        wait_until etcd etcd_healthy || status=$?
        case $status in
            0) return 0 ;;
            2) if port_clash etcd; then
                   log "etcd: port taken, retrying with other ports"
                   rm -rf "$dir/etcd-data"
                   launch_etcd
                   continue
               fi
               show_logs etcd; die "etcd exited" ;;
            *) show_logs etcd; die "etcd was not healthy within ${timeout}s" ;;
        esac
    done
    show_logs etcd
    die "etcd: no free ports after 5 attempts"
}

apiserver_command() {
    local p=$dir/pki
    apiserver_args=(
        "$bin/kube-apiserver"
        --etcd-servers="http://127.0.0.1:$etcd_port" --etcd-prefix=/registry
        --bind-address=127.0.0.1 --secure-port="$apiserver_port" --advertise-address=127.0.0.1
        --insecure-port=0
        --tls-cert-file="$p/apiserver.crt" --tls-private-key-file="$p/apiserver.key"
        --client-ca-file="$p/ca.crt"
        --token-auth-file="$p/tokens.csv"
        --service-account-key-file="$p/sa.pub"
        --service-account-signing-key-file="$p/sa.key"
        --service-account-issuer="$sa_issuer"
        --api-audiences="$sa_issuer"
        --service-cluster-ip-range=10.0.0.0/24
        --authorization-mode=RBAC
        --allow-privileged=true
        --feature-gates=TTLAfterFinished=true
        --endpoint-reconciler-type=none
        --watch-cache-sizes="$watch_cache_sizes"
        --cert-dir="$dir/apiserver-certs"
        --v=1
    )
}

launch_apiserver() {
    spawn kube-apiserver "${apiserver_args[@]}"
}

# wait_apiserver: 0 ready, 3 port clash (caller decides), dies otherwise
wait_apiserver() {
    local status=0
    wait_until kube-apiserver apiserver_ready || status=$?
    case $status in
        0) return 0 ;;
        2) port_clash kube-apiserver && return 3
           show_logs etcd kube-apiserver; die "kube-apiserver exited" ;;
        *) show_logs etcd kube-apiserver; die "kube-apiserver was not ready within ${timeout}s" ;;
    esac
}

kcm_command() {
    local p=$dir/pki
    kcm_args=(
        "$bin/kube-controller-manager"
        --kubeconfig="$dir/kcm.kubeconfig"
        --authentication-kubeconfig="$dir/kcm.kubeconfig"
        --authorization-kubeconfig="$dir/kcm.kubeconfig"
        --bind-address=127.0.0.1 --secure-port="$kcm_port" --port=0
        --cert-dir="$dir/kcm-certs"
        --leader-elect=false
        --service-account-private-key-file="$p/sa.key" --root-ca-file="$p/ca.crt"
        --use-service-account-credentials=true
        --service-cluster-ip-range=10.0.0.0/24
        --cluster-signing-cert-file="$p/ca.crt" --cluster-signing-key-file="$p/ca.key"
        --controllers='*'
        --feature-gates=TTLAfterFinished=true
        --concurrent-gc-syncs=20
        --v=1
    )
}

write_env() {
    local file=$dir/env
    q() { # NAME value: one exported, single-quoted assignment
        case "$2" in *"'"*) die "value of $1 contains a single quote: $2" ;; esac
        printf "export %s='%s'\n" "$1" "$2"
    }
    {
        echo "# The local control plane started by $self; source this file."
        q LOCUST_TEST_CLUSTER_DIR "$dir"
        q CONTROL_PLANE_DIR "$dir"
        q CONTROL_PLANE_SCRIPT "$self"
        q KUBECONFIG "$dir/admin.kubeconfig"
        q LOCUST_TEST_KUBECONFIG "$dir/admin.kubeconfig"
        q TOKEN_KUBECONFIG "$dir/token.kubeconfig"
        q KCM_KUBECONFIG "$dir/kcm.kubeconfig"
        q APISERVER_URL "https://127.0.0.1:$apiserver_port"
        q APISERVER_PORT "$apiserver_port"
        q ETCD_ENDPOINT "http://127.0.0.1:$etcd_port"
        q ETCD_PORT "$etcd_port"
        q ETCD_PEER_PORT "$etcd_peer_port"
        q KCM_PORT "$kcm_port"
        q K8S_BIN_DIR "$bin"
        q KUBECTL "$bin/kubectl"
        q KUBE_APISERVER "$bin/kube-apiserver"
        q KUBE_CONTROLLER_MANAGER "$bin/kube-controller-manager"
        q ETCD "$etcd_bin"
        q CA_CERT "$dir/pki/ca.crt"
        q CA_KEY "$dir/pki/ca.key"
        q ADMIN_CERT "$dir/pki/admin.crt"
        q ADMIN_KEY "$dir/pki/admin.key"
        q ADMIN_TOKEN "$admin_token"
        q WEBHOOK_CERT "$dir/pki/webhook.crt"
        q WEBHOOK_KEY "$dir/pki/webhook.key"
        q SERVICE_ACCOUNT_KEY "$dir/pki/sa.key"
        q SERVICE_ACCOUNT_PUBLIC_KEY "$dir/pki/sa.pub"
        q SERVICE_ACCOUNT_ISSUER "$sa_issuer"
        # shellcheck disable=SC2016 # expanded when the file is sourced
        echo 'export PATH="$K8S_BIN_DIR:$PATH"'
    } >"$file.tmp"
    mv -f "$file.tmp" "$file"
}

load_env() {
    [ -f "$dir/env" ] || die "$dir/env is missing: no control plane was started in $dir"
    # shellcheck disable=SC1091
    . "$dir/env"
    bin=$K8S_BIN_DIR
    etcd_port=$ETCD_PORT
    apiserver_port=$APISERVER_PORT
}

prepare_dir() { # stops a previous run in DIR and empties it; refuses directories that are not ours
    if [ -e "$dir" ]; then
        [ -d "$dir" ] || die "$dir exists and is not a directory"
        if [ -n "$(ls -A "$dir")" ] && [ ! -e "$dir/$marker" ]; then
            die "$dir is not empty and was not made by control-plane.sh; refusing to use it"
        fi
        if [ -e "$dir/$marker" ]; then
            log "stopping the previous control plane in $dir"
            stop_all
        fi
        rm -rf "$dir"
    fi
    mkdir -p "$dir/run" "$dir/logs" "$dir/kubectl-cache"
    echo "control plane started by $self" >"$dir/$marker"
}

cmd_start() {
    local t0 t status attempt watch_parent=${1:-}
    t0=$(now)
    find_binaries
    prepare_dir
    # On failure, nothing keeps running; DIR stays with the logs until `stop`.
    trap 'status=$?; if [ $status != 0 ]; then log "start failed; stopping what was started (logs stay in $dir/logs)"; stop_all; fi' EXIT
    trap 'exit 143' INT TERM HUP # run the EXIT trap when killed, e.g. by a CTest timeout
    if [ "$watch_parent" = --watch-parent ]; then
        bash "$self" __watchdog "$dir/" "$PPID" </dev/null >>"$dir/logs/watchdog.log" 2>&1 &
        echo $! >"$dir/run/watchdog.pid"
    fi

    t=$(now)
    launch_etcd # no certificates needed: plain HTTP on loopback
    make_pki
    wait_etcd
    log "etcd healthy on 127.0.0.1:$etcd_port ($(since "$t")s, certificates included)"

    t=$(now)
    for attempt in 1 2 3 4 5; do
        read -r apiserver_port kcm_port <<<"$(free_ports 2)"
        write_kubeconfigs
        apiserver_command
        declare -p apiserver_args >"$dir/run/kube-apiserver.args"
        launch_apiserver
        status=0
        wait_apiserver || status=$?
        ((status == 0)) && break
        log "kube-apiserver: port $apiserver_port taken, retrying with another"
        ((attempt < 5)) || die "kube-apiserver: no free port after 5 attempts"
    done
    log "kube-apiserver ready on 127.0.0.1:$apiserver_port ($(since "$t")s)"
    write_env

    t=$(now)
    for attempt in 1 2 3 4 5; do
        kcm_command
        spawn kube-controller-manager "${kcm_args[@]}"
        status=0
        wait_until kube-controller-manager kcm_healthy || status=$?
        ((status == 0)) && break
        if ((status == 2)) && port_clash kube-controller-manager && ((attempt < 5)); then
            log "kube-controller-manager: port $kcm_port taken, retrying with another"
            read -r kcm_port <<<"$(free_ports 1)"
            continue
        fi
        show_logs kube-controller-manager
        die "kube-controller-manager was not healthy within ${timeout}s"
    done
    status=0
    wait_until kube-controller-manager default_service_account_ready || status=$?
    if ((status != 0)); then
        show_logs kube-apiserver kube-controller-manager
        die "the default ServiceAccount (with its token) did not appear within ${timeout}s"
    fi
    log "kube-controller-manager healthy on 127.0.0.1:$kcm_port, default ServiceAccount ready ($(since "$t")s)"
    write_env

    trap - EXIT INT TERM HUP
    log "ready in $(since "$t0")s. Use it with:"
    log "    source $dir/env; kubectl get namespaces"
    log "stop it with: bash $self stop $dir"
}

cmd_stop() {
    if [ ! -e "$dir" ]; then
        return 0
    fi
    [ -e "$dir/$marker" ] || die "$dir was not made by control-plane.sh; refusing to touch it"
    stop_all
    rm -rf "$dir"
    log "stopped; removed $dir"
}

cmd_restart_apiserver() {
    local t status attempt
    load_env
    [ -f "$dir/run/kube-apiserver.args" ] || die "$dir/run/kube-apiserver.args is missing"
    # shellcheck disable=SC1091
    . "$dir/run/kube-apiserver.args"
    t=$(now)
    stop_component kube-apiserver
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        launch_apiserver
        status=0
        wait_apiserver || status=$?
        ((status == 0)) && break
        ((attempt < 10)) || die "kube-apiserver: port $apiserver_port stays taken"
        log "kube-apiserver: port $apiserver_port still taken; retrying"
        sleep 1
    done
    log "kube-apiserver restarted on 127.0.0.1:$apiserver_port, ready after $(since "$t")s"
}

# etcd 3.4's gRPC gateway (on the client port, so no etcdctl is needed): write a marker key outside the
# apiserver's /registry prefix, which makes the newest object's resourceVersion older than the current
# revision, then compact to the revision of that write. Afterwards a watch from any resourceVersion
# older than the newest object's ends with 410 Gone (for resources without a watch cache, i.e.
# ConfigMaps and Events); a watch from the newest one still works.
cmd_compact() {
    local response revision key value
    load_env
    key=$(printf '/locust-test-harness/compaction' | base64 -w0)
    value=$(date -u +%s.%N | base64 -w0)
    response=$(curl -sS --max-time 10 -X POST "$ETCD_ENDPOINT/v3/kv/put" \
        -d "{\"key\":\"$key\",\"value\":\"$value\"}") || die "etcd did not answer on $ETCD_ENDPOINT"
    revision=$(sed -n 's/.*"revision":"\([0-9]*\)".*/\1/p' <<<"$response")
    [ -n "$revision" ] || die "no revision in etcd's answer: $response"
    response=$(curl -sS --max-time 60 -X POST "$ETCD_ENDPOINT/v3/kv/compaction" \
        -d "{\"revision\":\"$revision\",\"physical\":true}") || die "compaction request failed"
    if grep -q '"error"' <<<"$response"; then
        die "compaction at revision $revision failed: $response"
    fi
    log "etcd compacted at revision $revision"
    echo "$revision"
}

cmd_status() {
    local name pid running=0
    [ -e "$dir/$marker" ] || { log "no control plane in $dir"; return 1; }
    for name in etcd kube-apiserver kube-controller-manager watchdog; do
        pid=$(pid_of "$name")
        if [ -n "$pid" ] && owned "$pid"; then
            log "$name: running (pid $pid)"
            running=$((running + 1))
        elif [ "$name" != watchdog ]; then
            log "$name: not running"
        fi
    done
    if [ -f "$dir/env" ]; then
        load_env
        if apiserver_ready; then log "kube-apiserver: ready at $APISERVER_URL"; else log "kube-apiserver: not ready"; fi
    fi
    ((running >= 3))
}

cmd_shell() {
    local rc=0
    if ! cmd_status 2>/dev/null; then
        (cmd_start) || exit 1
    fi
    cat >"$dir/shellrc" <<EOF
[ -f ~/.bashrc ] && . ~/.bashrc
. '$dir/env'
PS1="(k8s-1.20) \$PS1"
echo "control plane at \$APISERVER_URL; kubectl is \$KUBECTL. Leave the shell to stop it."
EOF
    bash --rcfile "$dir/shellrc" -i || rc=$?
    cmd_stop
    return "$rc"
}

cmd_watchdog() { # DIR PID: stop the control plane once PID is gone, unless stopped before
    local owner=$1
    while kill -0 "$owner" 2>/dev/null; do
        sleep 2
        [ -f "$dir/run/watchdog.pid" ] || exit 0
    done
    [ -f "$dir/run/watchdog.pid" ] || exit 0
    log "process $owner is gone without stopping the control plane; stopping it"
    cmd_stop
}

[ $# -ge 2 ] || usage
command=$1
dir=$(realpath -m -- "$2")
case "$dir" in
    /|"$HOME"|/tmp|/usr|/etc|/var) die "refusing to use $dir as the control plane directory" ;;
esac
shift 2
case "$command" in
    start) cmd_start "$@" ;;
    stop) cmd_stop ;;
    restart-apiserver) cmd_restart_apiserver ;;
    compact) cmd_compact ;;
    status) cmd_status ;;
    shell) cmd_shell ;;
    __watchdog) cmd_watchdog "$@" ;;
    *) usage ;;
esac
