#!/usr/bin/env bash
# Install what building and testing Skiff needs on a fresh Debian 12 machine (idempotent).
set -euo pipefail
need=()
command -v protoc >/dev/null || need+=(protobuf-compiler)   # etcd-client's build script
command -v etcd >/dev/null || need+=(etcd-server)            # the etcd datastore backend and its tests
command -v curl >/dev/null || need+=(curl)                   # raw-HTTP end-to-end tests
command -v cc >/dev/null || need+=(gcc)                      # bundled SQLite
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
# Debian's etcd-server package may start a system etcd on 2379; tests use their own ports, so that is harmless.
if ! command -v kubectl >/dev/null; then
  echo "warning: kubectl is not installed; the end-to-end tests drive the real kubectl and will fail" >&2
fi
# The official Python client, for the client-library end-to-end test.
if ! python3 -c "import kubernetes" 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check kubernetes
fi
