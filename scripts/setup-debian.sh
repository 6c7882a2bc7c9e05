#!/usr/bin/env bash
# Installs the Debian 12 packages that the build, the programs and the tests need.
# Idempotent and fast when everything is present: apt-get runs only for missing packages.
set -euo pipefail

packages=(
    cmake ninja-build pkg-config       # build tools
    clang libclang-rt-14-dev g++       # clang compiles (GCC 12 miscompiles coroutines); its sanitizer
                                       # runtimes; g++ for libstdc++ and the C++ headers
    qt6-base-dev                       # Qt Core, Network, Test
    qcoro-qt6-dev                      # coroutines over Qt (the Kubernetes client)
    libyaml-cpp-dev                    # manifests and kubeconfig
    libssl-dev                         # OpenSSL (the webhook's certificates)
    etcd-server openssl curl python3   # the integration tests' control plane (tests/cluster)
)
# tests/cluster/build-kubernetes.sh installs its own build packages (Go, make, rsync) when it has to
# build; on a cache hit they are not needed. etcd-server may enable a systemd etcd on 127.0.0.1:2379;
# the tests neither use nor disturb it (they start their own etcd on random ports).

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done
if ((${#missing[@]} == 0)); then
    exit 0
fi

sudo=()
if [ "$(id -u)" != 0 ]; then
    sudo=(sudo)
fi
echo "setup: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=900 update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
