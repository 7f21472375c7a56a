#!/usr/bin/env bash
# Build (once) and cache a real kube-apiserver for the rotation tests, from Debian packages only.
#
# Idempotent: when the cached binary and etcd already exist it does nothing. Recipe and reasons:
# ../shared/reference/kube-apiserver.md (Debian's kubernetes 1.20.2 source with vendor/, built by Go 1.19;
# the vendored reflect2 v1.0.1 is replaced by Debian's v1.0.2, without which JSON writes of maps panic).
#
# Output: $GHPROV_K8S_CACHE/bin/kube-apiserver (default /var/cache/ghprov-k8s, or
# ${XDG_CACHE_HOME:-$HOME/.cache}/ghprov-k8s when /var/cache is not writable). etcd comes from /usr/bin/etcd.
set -euo pipefail

default_cache=/var/cache/ghprov-k8s
if ! mkdir -p "$default_cache" 2>/dev/null || [ ! -w "$default_cache" ]; then
    default_cache="${XDG_CACHE_HOME:-$HOME/.cache}/ghprov-k8s"
fi
CACHE="${GHPROV_K8S_CACHE:-$default_cache}"
BIN="$CACHE/bin/kube-apiserver"
mkdir -p "$CACHE/bin"

if [ -x "$BIN" ] && command -v etcd >/dev/null 2>&1; then
    echo "kube-apiserver cached at $BIN; etcd at $(command -v etcd)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
    SUDO="sudo"
fi

# 1. Debian source packages: a deb-src twin of apt's debian.sources.
SOURCES_DIR=/etc/apt/sources.list.d
if [ -f "$SOURCES_DIR/debian.sources" ] && [ ! -f "$SOURCES_DIR/debian-src.sources" ]; then
    sed 's/^Types: deb$/Types: deb-src/' "$SOURCES_DIR/debian.sources" \
        | $SUDO tee "$SOURCES_DIR/debian-src.sources" >/dev/null
fi

# 2. Toolchain and etcd.
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq golang-go rsync etcd-server golang-github-modern-go-reflect2-dev openssl >/dev/null

if [ -x "$BIN" ]; then
    echo "kube-apiserver cached at $BIN; etcd at $(command -v etcd)"
    exit 0
fi

# 3. Kubernetes source (carries vendor/, so no module downloads).
WORK="$CACHE/build"
mkdir -p "$WORK"
cd "$WORK"
if [ ! -d kubernetes-1.20.2 ]; then
    if ! ls kubernetes_*.orig.tar.gz >/dev/null 2>&1; then
        apt-get source --download-only kubernetes
    fi
    tar xzf kubernetes_*.orig.tar.gz
fi
cd kubernetes-1.20.2

# 4. Swap in reflect2 v1.0.2 (Go >= 1.18 compatible), then build only the API server.
rm -rf vendor/github.com/modern-go/reflect2
mkdir -p vendor/github.com/modern-go/reflect2
dpkg -L golang-github-modern-go-reflect2-dev \
    | grep '/github.com/modern-go/reflect2/[^/]*\.\(go\|s\)$' \
    | grep -v '_test\.go$' \
    | while read -r f; do cp "$f" vendor/github.com/modern-go/reflect2/; done
mkdir -p .go/src/k8s.io
ln -sfn ../../.. .go/src/k8s.io/kubernetes
mkdir -p "$WORK/home"
GOPATH="$PWD/.go" CGO_ENABLED=0 HOME="$WORK/home" make WHAT=cmd/kube-apiserver

install -m 0755 _output/bin/kube-apiserver "$BIN.tmp"
mv "$BIN.tmp" "$BIN"
# The 1-GB source tree and Go caches are no longer needed once the binary is cached.
cd "$CACHE"
rm -rf "$WORK"
echo "kube-apiserver built and cached at $BIN"
