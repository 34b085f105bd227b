#!/usr/bin/env bash
# Vendoring check for cloudflare-ssl-mock: copy this downstream crate plus
# the `cloudflare-ssl` and `cloudflare-ssl-mock` crates into a temporary
# directory, outside any workspace, and run `cargo test` there with the
# client's default features off. Fails if either crate reaches outside its
# own directory, inherits from a workspace, or pulls in a TLS stack.
#
# Usage: crates/cloudflare-ssl-mock/examples/downstream/check.sh [cargo test args]
# Environment:
#   DOWNSTREAM_TARGET_DIR  where to build (default: target/downstream-check at
#                          the root of the enclosing workspace, so that reruns
#                          are incremental; a temporary one outside a workspace)
#   CARGO                  the cargo to run (default: cargo)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mock_dir="$(cd "$here/../.." && pwd)"
client_dir="$(cd "$mock_dir/../cloudflare-ssl" && pwd)"
cargo="${CARGO:-cargo}"

work="$(mktemp -d "${TMPDIR:-/tmp}/cloudflare-ssl-downstream.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Copy a crate's directory without build output.
copy_crate() {
    mkdir -p "$2"
    tar -C "$1" --exclude='./target' --exclude='./examples/downstream/target' \
        --exclude='./examples/downstream/Cargo.lock' -cf - . | tar -C "$2" -xf -
}
copy_crate "$client_dir" "$work/vendor/cloudflare-ssl"
copy_crate "$mock_dir" "$work/vendor/cloudflare-ssl-mock"
downstream="$work/vendor/cloudflare-ssl-mock/examples/downstream"

# Start from the workspace's lock file when there is one: the versions the
# crates were tested with, and no registry look-up for a fresh resolution.
root="$(cd "$mock_dir/../.." && pwd)"
if [[ -f "$root/Cargo.lock" ]]; then
    cp "$root/Cargo.lock" "$downstream/Cargo.lock"
fi
if [[ -n "${DOWNSTREAM_TARGET_DIR:-}" ]]; then
    export CARGO_TARGET_DIR="$DOWNSTREAM_TARGET_DIR"
elif [[ -f "$root/Cargo.toml" ]] && grep -q '^\[workspace\]' "$root/Cargo.toml"; then
    export CARGO_TARGET_DIR="$root/target/downstream-check"
else
    export CARGO_TARGET_DIR="$work/target"
fi

cd "$downstream"
echo "downstream check in $downstream (target dir $CARGO_TARGET_DIR)"

# Offline when everything is already in cargo's cache, as after a workspace
# build; otherwise let cargo fetch.
offline=()
if "$cargo" fetch --offline --quiet 2>/dev/null; then
    offline=(--offline)
else
    "$cargo" fetch
fi

# The client's default `rustls` feature (aws-lc-rs, a C build) must stay off.
tree="$("$cargo" tree "${offline[@]}" --edges normal,dev --prefix none --format '{p}')"
if grep -Eq '^(aws-lc-rs|aws-lc-sys|rustls) ' <<<"$tree"; then
    echo "check.sh: a TLS stack is in the downstream build:" >&2
    grep -E '^(aws-lc-rs|aws-lc-sys|rustls) ' <<<"$tree" | sort -u >&2
    exit 1
fi
echo "no TLS stack in the build (cloudflare-ssl default features off)"

"$cargo" test "${offline[@]}" "$@"
