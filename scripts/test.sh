#!/usr/bin/env bash
# Run every test: unit, store conformance on SQLite and etcd, end-to-end with the real kubectl.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PROPTEST_CASES="${PROPTEST_CASES:-64}"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --all-features -- -D warnings
cargo test --workspace --all-features
