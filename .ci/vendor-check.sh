#!/usr/bin/env bash
# Copies crates/cloudflare-ssl out of the workspace, as a user vendoring it
# would, and builds and tests it there with its default features: proves the
# crate stands alone (explicit versions, no workspace inheritance, no path
# reaching outside its directory).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cp -R "$root/crates/cloudflare-ssl" "$scratch/cloudflare-ssl"
cd "$scratch/cloudflare-ssl"
if grep -nE 'workspace *= *true|\.workspace *=|path *= *"\.\.' Cargo.toml; then
    echo "vendor check: Cargo.toml inherits from or points outside its workspace" >&2
    exit 1
fi
printf '\n[workspace]\n' >> Cargo.toml
# The workspace's lock file pins the same versions CI tested; cargo drops
# what this crate does not use. Sharing the target directory reuses builds.
cp "$root/Cargo.lock" .
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet --all-targets
cargo test --quiet
echo "vendor check: cloudflare-ssl builds and passes its tests outside the workspace"
