#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager and kubectl 1.20.2 from Debian's `kubernetes` source
# package, with the two vendor patches that Go 1.19 needs, and keeps the three binaries in a cache
# directory keyed by what they were built from. Prints that bin directory as the last line on stdout;
# everything else goes to stderr.
#
#   build-kubernetes.sh             reuse the cache, or build into it (about 5 minutes on 2 cores)
#   build-kubernetes.sh --lookup    print the cached bin directory, or exit 3; never installs or builds
#   build-kubernetes.sh --key       print the cache key inputs and the key
#
# Environment:
#   LOCUST_K8S_CACHE           cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/locust-operator/kubernetes)
#   LOCUST_K8S_SOURCE_VERSION  Debian version of the `kubernetes` source package to build
#   LOCUST_K8S_REFLECT2_VERSION  Debian version of golang-github-modern-go-reflect2-dev (patch 1)
#
# Cache key: sha256 of the source package version, the Debian version of the Go toolchain package
# (golang-1.19-go), the reflect2 package version and the contents of patches/*.patch, the make targets
# and a schema number. The Go version is read with dpkg-query when the toolchain is installed (a few
# milliseconds); when it is not, it is the version apt would install, from `apt-cache policy`, memoised
# in the cache root against the modification times of apt's package lists, so a cache hit never needs
# Go and stays well under a second. See docs/development.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly here
readonly source_version=${LOCUST_K8S_SOURCE_VERSION:-1.20.5+really1.20.2-1.1+deb12u1}
readonly upstream_version=1.20.2
readonly reflect2_version=${LOCUST_K8S_REFLECT2_VERSION:-1.0.2-2}
readonly go_package=golang-1.19-go
readonly go_root=/usr/lib/go-1.19
readonly targets="cmd/kube-apiserver cmd/kube-controller-manager cmd/kubectl"
readonly binaries=(kube-apiserver kube-controller-manager kubectl)
readonly key_schema=1 # bump when the way the binaries are built changes (not needed for patches/*.patch)
readonly cache_root=${LOCUST_K8S_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/locust-operator/kubernetes}

# stdout carries only the result; progress goes to stderr.
exec 3>&1 1>&2

log() { printf 'build-kubernetes: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

sudo_cmd=()
if [ "$(id -u)" != 0 ]; then
    sudo_cmd=(sudo)
fi
apt_lock=(-o DPkg::Lock::Timeout=900)

installed_version() { # package -> version, or nothing when not installed
    dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null |
        awk '$1 == "install" && $3 == "installed" { print $4 }'
}

candidate_version() { # package -> the version apt would install, or nothing
    apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }'
}

apt_lists_signature() { # changes whenever `apt-get update` or the apt configuration changed
    local files=()
    shopt -s nullglob
    files=(/var/lib/apt/lists/*_Packages* /etc/apt/sources.list /etc/apt/sources.list.d/*
           /etc/apt/preferences /etc/apt/preferences.d/*)
    shopt -u nullglob
    if ((${#files[@]})); then
        stat -c '%n %s %Y' "${files[@]}" 2>/dev/null | sha256sum | cut -c1-32
    else
        echo none
    fi
}

go_version() { # the Debian version of the Go toolchain that builds (or would build) the binaries
    local version signature memo=$cache_root/.go-candidate
    version=$(installed_version "$go_package")
    if [ -n "$version" ]; then
        echo "$version"
        return
    fi
    signature=$(apt_lists_signature)
    if [ -f "$memo" ] && [ "$(cut -d' ' -f1 "$memo")" = "$signature" ]; then
        cut -d' ' -f2 "$memo"
        return
    fi
    version=$(candidate_version "$go_package")
    if [ -n "$version" ] && mkdir -p "$cache_root" 2>/dev/null; then
        if printf '%s %s\n' "$signature" "$version" >"$memo.$$"; then
            mv -f "$memo.$$" "$memo" || true
        fi
    fi
    echo "${version:-unknown}"
}

key_inputs() { # go version -> the lines the key is made of
    local patch
    echo "schema $key_schema"
    echo "source kubernetes $source_version"
    echo "go $go_package $1"
    echo "reflect2 golang-github-modern-go-reflect2-dev $reflect2_version"
    for patch in "$here"/patches/*.patch; do
        echo "patch $(basename "$patch") $(sha256sum <"$patch" | cut -c1-64)"
    done
    echo "targets $targets"
}

entry_dir() { # go version -> cache entry directory
    echo "$cache_root/k8s-$upstream_version-$(key_inputs "$1" | sha256sum | cut -c1-16)"
}

complete_entry() { # dir -> success when it holds all three binaries
    local binary
    for binary in "${binaries[@]}"; do
        [ -x "$1/bin/$binary" ] || return 1
    done
}

lookup() { # prints the bin directory on a hit
    local dir
    dir=$(entry_dir "$(go_version)")
    complete_entry "$dir" || return 1
    echo "$dir/bin"
}

case "${1:-}" in
    --lookup)
        if ! lookup >&3; then
            log "no cached binaries for this source, Go toolchain and patch set under $cache_root"
            log "build them with: bash $here/build-kubernetes.sh"
            exit 3
        fi
        exit 0 ;;
    --key)
        go=$(go_version)
        key_inputs "$go" >&3
        entry_dir "$go" >&3
        exit 0 ;;
    "") ;;
    *) echo "usage: $0 [--lookup|--key]" >&2; exit 2 ;;
esac

if bin=$(lookup); then
    log "cache hit: $bin"
    echo "$bin" >&3
    exit 0
fi

# ---- cache miss: build -----------------------------------------------------------------------------

ensure_packages() { # installs the packages that are missing
    local package missing=()
    for package in "$@"; do
        [ -n "$(installed_version "$package")" ] || missing+=("$package")
    done
    ((${#missing[@]})) || return 0
    log "installing ${missing[*]}"
    "${sudo_cmd[@]}" apt-get "${apt_lock[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get "${apt_lock[@]}" install -y -qq \
        --no-install-recommends "${missing[@]}" >/dev/null
}

mkdir -p "$cache_root"
# One build at a time per cache root (several work trees may share it); whoever waited rechecks.
exec 4>"$cache_root/.lock"
if ! flock -n 4; then
    log "another build holds $cache_root/.lock; waiting for it"
    flock 4
fi
if bin=$(lookup); then
    log "cache hit after waiting: $bin"
    echo "$bin" >&3
    exit 0
fi

start_time=$(date +%s)
ensure_packages "$go_package" make rsync patch
go_installed=$(installed_version "$go_package")
dest=$(entry_dir "$go_installed")
[ -x "$go_root/bin/go" ] || die "$go_root/bin/go is missing although $go_package is installed"
export PATH="$go_root/bin:$PATH"
go_env_version=$(go env GOVERSION)
log "building Kubernetes $upstream_version from kubernetes $source_version with $go_env_version ($go_package $go_installed)"

# Scratch space (about 2.5 GB) next to the cache, so the final mv is a rename on one file system.
# Scratch directories of earlier failed builds are removed here; the lock says nobody uses them.
rm -rf "$cache_root"/.build-* "$cache_root"/.install-*
scratch=$(mktemp -d "$cache_root/.build-XXXXXX")
log "scratch: $scratch (kept when the build fails, removed by the next build)"

# A private deb-src list derived from the machine's own apt sources: every enabled `deb` entry
# (all URIs and suites, e.g. the security and point-release suites) becomes a `deb-src` entry.
aptdir=$scratch/apt
mkdir -p "$aptdir/parts" "$aptdir/lists/partial"
: >"$aptdir/empty.list"
shopt -s nullglob
for file in /etc/apt/sources.list.d/*.sources; do
    awk '
        function flush(   i) {
            if (n > 0 && deb && enabled) { for (i = 1; i <= n; i++) print lines[i]; print "" }
            n = 0; deb = 0; enabled = 1
        }
        BEGIN { n = 0; deb = 0; enabled = 1 }
        /^[ \t]*$/ { flush(); next }
        /^#/ { next }
        tolower($0) ~ /^types:/ {
            v = $0; sub(/^[^:]*:[ \t]*/, "", v)
            if ((" " v " ") ~ /[ \t]deb[ \t]/) deb = 1
            lines[++n] = "Types: deb-src"; next
        }
        tolower($0) ~ /^enabled:[ \t]*no/ { enabled = 0 }
        { lines[++n] = $0 }
        END { flush() }
    ' "$file" >"$aptdir/parts/$(basename "$file")"
done
for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    sed -n -E 's/^[[:space:]]*deb([[:space:]])/deb-src\1/p' "$file" >"$aptdir/parts/$(basename "$file").list"
done
shopt -u nullglob
grep -qsE '^(Types: deb-src|deb-src )' "$aptdir"/parts/* ||
    die "no enabled 'deb' entries in /etc/apt/sources.list or /etc/apt/sources.list.d/"
apt_src=(-o Dir::Etc::SourceList="$aptdir/empty.list" -o Dir::Etc::SourceParts="$aptdir/parts"
         -o Dir::State::Lists="$aptdir/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
sandbox=()
if [ "$(id -u)" = 0 ]; then
    sandbox=(-o APT::Sandbox::User=root) # downloads into root-owned scratch; silences the _apt warning
fi

log "fetching the Sources indexes"
apt-get "${apt_src[@]}" "${sandbox[@]}" update -qq ||
    log "warning: some deb-src indexes failed to download; trying with what was fetched"
mkdir -p "$scratch/dl"
(
    cd "$scratch/dl"
    if ! apt-get "${apt_src[@]}" "${sandbox[@]}" source -qq --download-only "kubernetes=$source_version"; then
        log "available kubernetes source versions:"
        apt-cache "${apt_src[@]}" showsrc kubernetes 2>/dev/null | sed -n 's/^Version: /  /p' >&2
        die "kubernetes $source_version is not in the archive; set LOCUST_K8S_SOURCE_VERSION (and check the patches)"
    fi
    if [ -z "$(candidate_version golang-github-modern-go-reflect2-dev)" ]; then
        "${sudo_cmd[@]}" apt-get "${apt_lock[@]}" update -qq
    fi
    apt-get "${sandbox[@]}" download -qq "golang-github-modern-go-reflect2-dev=$reflect2_version" ||
        die "golang-github-modern-go-reflect2-dev $reflect2_version is not in the archive; set LOCUST_K8S_REFLECT2_VERSION"
)
orig=("$scratch"/dl/kubernetes_*.orig.tar.gz)
[ -f "${orig[0]}" ] || die "the source package has no .orig.tar.gz"

log "unpacking $(basename "${orig[0]}")"
mkdir -p "$scratch/src"
tar -xzf "${orig[0]}" -C "$scratch/src"
tree=$scratch/src/kubernetes-$upstream_version
[ -f "$tree/Makefile" ] || die "$tree/Makefile is missing; unexpected tarball layout"

# Patch 1: reflect2 1.0.1 crashes with Go >= 1.18 (reflect.mapiterinit changed). Use Debian's 1.0.2.
log "patch 1: vendor reflect2 $reflect2_version"
dpkg -x "$scratch"/dl/golang-github-modern-go-reflect2-dev_*.deb "$scratch/reflect2"
r2_new=$scratch/reflect2/usr/share/gocode/src/github.com/modern-go/reflect2
r2_vendor=$tree/vendor/github.com/modern-go/reflect2
[ -f "$r2_new/go_above_118.go" ] || die "reflect2 $reflect2_version has no go_above_118.go; not the Go 1.18 fix"
[ -d "$r2_vendor" ] || die "$r2_vendor is missing"
rm -f "$r2_vendor"/*.go "$r2_vendor"/*.s
cp "$r2_new"/*.go "$r2_new"/*.s "$r2_vendor"/
rm -f "$r2_vendor"/*_test.go
if [ ! -f "$r2_vendor/go_above_118.go" ] || [ -e "$r2_vendor/go_below_17.go" ]; then
    die "patch 1 did not apply: $r2_vendor still holds reflect2 1.0.1"
fi

# Patch 2 and any later ones: unified diffs against the source tree.
for patch in "$here"/patches/*.patch; do
    log "patch: $(basename "$patch")"
    patch -d "$tree" -p1 --forward --batch --no-backup-if-mismatch <"$patch" >&2 ||
        die "$(basename "$patch") did not apply"
done
if grep -n 'reflect.DeepEqual(reflect.Zero(reflect.TypeOf(data))' \
        "$tree/vendor/k8s.io/kube-openapi/pkg/validation/validate/type.go" \
        "$tree/vendor/github.com/go-openapi/validate/type.go" >&2; then
    die "the kube-openapi empty-string fix did not apply"
fi

log "make WHAT=\"$targets\" (about 4.5 minutes on 2 cores)"
(
    cd "$tree"
    mkdir -p "$scratch/home"
    # GOPATH mode is set up by hack/lib; nothing may be fetched from the network.
    unset GOPATH GOROOT GOFLAGS GO111MODULE GOBIN
    export HOME=$scratch/home GOPROXY=off GOTOOLCHAIN=local
    make WHAT="$targets" >&2
) || die "make failed (scratch kept in $scratch)"

staging=$(mktemp -d "$cache_root/.install-XXXXXX")
mkdir -p "$staging/bin"
for binary in "${binaries[@]}"; do
    cp "$tree/_output/bin/$binary" "$staging/bin/"
done
version_line=$("$staging/bin/kube-apiserver" --version)
[ "$version_line" = "Kubernetes v$upstream_version" ] || die "kube-apiserver --version says '$version_line'"
"$staging/bin/kubectl" version --client --short >/dev/null || die "kubectl does not run"
{
    key_inputs "$go_installed"
    echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -m) with $go_env_version in $(($(date +%s) - start_time))s"
} >"$staging/key-inputs.txt"
chmod 0755 "$staging"
rm -rf "$dest"
mv -T "$staging" "$dest"
rm -rf "$scratch"
log "built in $(($(date +%s) - start_time))s: $dest/bin"
echo "$dest/bin" >&3
