#!/usr/bin/env bash
# Runs Herald's libFuzzer targets (fuzz/README.md) for SECONDS each.
#
#   scripts/fuzz.sh SECONDS [TARGET...]     (every target when none is named)
#
# Configures and builds build/fuzz with clang-19 (fuzzer, ASan, UBSan; only
# the targets and the libraries they link), then runs each target on a
# scratch copy of fuzz/corpus/<target>/ and fuzz/regressions/<target>/ in
# build/fuzz/corpus/<target>/ (new inputs stay there, out of the repo), with
# fuzz/<target>.dict when there is one. Exits non-zero if any target found a
# crash, leak, UBSan report or timeout, after printing where its input is;
# copy that file into fuzz/regressions/<target>/ once the bug is fixed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FUZZ_BUILD:-$root/build/fuzz}"
jobs="${JOBS:-2}"

if [[ $# -lt 1 || ! "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh SECONDS [TARGET...]" >&2
  exit 2
fi
seconds="$1"
shift
if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  targets=()
  for f in "$root"/fuzz/*_fuzz.cc; do
    name="$(basename "$f" _fuzz.cc)"
    targets+=("$name")
  done
fi
for t in "${targets[@]}"; do
  if [[ ! -f "$root/fuzz/${t}_fuzz.cc" ]]; then
    echo "fuzz: no target '$t' (fuzz/${t}_fuzz.cc)" >&2
    exit 2
  fi
done

if ! command -v clang++-19 >/dev/null 2>&1 ||
  ! ls /usr/lib/llvm-19/lib/clang/19/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "fuzz: needs clang-19 and libclang-rt-19-dev (make setup installs them)" >&2
  exit 2
fi

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DHERALD_FUZZ=ON -DHERALD_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j "$jobs" --target "${targets[@]/%/_fuzz}"

# Debian's clang-19 ships no symbolizer; the default one names functions in reports.
if [[ -z "${ASAN_SYMBOLIZER_PATH:-}" ]] && command -v llvm-symbolizer >/dev/null 2>&1; then
  export ASAN_SYMBOLIZER_PATH="$(command -v llvm-symbolizer)"
fi
failed=()
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  crashes="$build/crashes/$t"
  log="$build/logs/$t.log"
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
  for seeds in "$root/fuzz/corpus/$t" "$root/fuzz/regressions/$t"; do
    [[ -d "$seeds" ]] && cp -n "$seeds"/* "$corpus"/ 2>/dev/null || true
  done
  args=("$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
    -artifact_prefix="$crashes/" -print_final_stats=1)
  [[ -f "$root/fuzz/$t.dict" ]] && args+=(-dict="$root/fuzz/$t.dict")
  echo "fuzz: $t for ${seconds}s"
  if "$build/${t}_fuzz" "${args[@]}" >"$log" 2>&1; then
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 | sed "s/^/fuzz: $t: /" || true
  else
    failed+=("$t")
    echo "fuzz: $t FAILED; the report's end ($log):" >&2
    grep -v '^#[0-9]' "$log" | tail -40 >&2
    grep -h 'Test unit written to' "$log" | sed "s/^/fuzz: $t: /" >&2 || true
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: crashes in: ${failed[*]} (inputs under $build/crashes/)" >&2
  exit 1
fi
echo "fuzz: no crashes in ${targets[*]}"
