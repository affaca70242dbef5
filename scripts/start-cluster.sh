#!/usr/bin/env bash
# Build Skiff and start a cluster: control plane on the embedded datastore, kubeconfig at ~/.kube/config.
# Usage: scripts/start-cluster.sh [extra `skiff server` flags]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo build --release --bin skiff
DATA_DIR="${SKIFF_DATA_DIR:-$HOME/.local/share/skiff}"
KUBECONFIG_OUT="${SKIFF_KUBECONFIG:-$HOME/.kube/config}"
mkdir -p "$DATA_DIR" "$(dirname "$KUBECONFIG_OUT")"
LOG="$DATA_DIR/server.log"
nohup target/release/skiff server --data-dir "$DATA_DIR" --write-kubeconfig "$KUBECONFIG_OUT" --disable-agent "$@" >"$LOG" 2>&1 &
echo $! > "$DATA_DIR/server.pid"
for _ in $(seq 1 100); do
  if grep -q "skiff server ready" "$LOG"; then
    grep "skiff server ready" "$LOG"
    echo "kubectl is ready to use: kubectl get namespaces"
    exit 0
  fi
  if ! kill -0 "$(cat "$DATA_DIR/server.pid")" 2>/dev/null; then break; fi
  sleep 0.2
done
echo "skiff server did not become ready; its log:" >&2
cat "$LOG" >&2
exit 1
