#!/usr/bin/env bash
# Installs the Debian 12 packages that the build, the programs and the tests need.
# Idempotent and fast when everything is present: apt-get runs only for missing packages.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config   # toolchain
    qt6-base-dev                       # Qt Core, Network, Test
    libyaml-cpp-dev                    # manifests and kubeconfig
    libssl-dev                         # OpenSSL
)

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
