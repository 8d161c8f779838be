# Shared by the benchmark scripts (bench/*/run.sh): sourced, not run.

# need_pkg COMMAND PACKAGE: installs the Debian package when COMMAND is missing.
need_pkg() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "bench: installing $2"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$2"
}

# build_herald BUILD TARGET...: a release build without tests.
build_herald() {
  local build=$1
  shift
  if [[ ! -f $build/build.ninja ]]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHERALD_TESTS=OFF
  fi
  cmake --build "$build" --target "$@"
}

# start_herald OUTVAR_PID OUTVAR_PORT LOGPREFIX ARGS...: runs `herald serve
# ARGS --port 0` in the background and waits until it reports its port.
start_herald() {
  local -n pid_var=$1
  local -n port_var=$2
  local log=$3
  shift 3
  "$HERALD" serve "$@" --port 0 >"$log.out" 2>"$log.err" &
  pid_var=$!
  port_var=""
  for _ in $(seq 1 100); do
    port_var=$(sed -n 's|^herald listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log.out")
    [[ -n $port_var ]] && return 0
    kill -0 "$pid_var" 2>/dev/null || { cat "$log.err" >&2; echo "herald serve died" >&2; return 1; }
    sleep 0.1
  done
  echo "herald serve did not report its port" >&2
  return 1
}

# stop_pid PID: SIGTERM and wait, quietly.
stop_pid() {
  [[ -n ${1:-} ]] || return 0
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# to_ms VALUE: wrk's latency (1.23ms, 456.00us, 1.02s) in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
                 else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# cpu_seconds PID...: user + system CPU seconds of the processes so far.
cpu_seconds() {
  local ticks
  ticks=$(getconf CLK_TCK)
  local total=0
  for p in "$@"; do
    [[ -r /proc/$p/stat ]] || continue
    total=$(awk -v t="$ticks" -v acc="$total" '{ printf "%.3f", acc + ($14 + $15) / t }' "/proc/$p/stat")
  done
  echo "$total"
}

# machine_block: the machine and tool versions, for a results file.
machine_block() {
  echo '```'
  echo "nproc: $(nproc)"
  lscpu | grep -E '^(Model name|Thread|Core|Socket|CPU MHz|L2|L3)' || true
  echo "$(uname -srm)"
  echo "$(g++ --version | head -1)"
  echo "wrk $(wrk -v 2>&1 | head -1 | awk '{ print $2 }')"
  command -v nginx >/dev/null && echo "$(nginx -v 2>&1)"
  echo "load average (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
  echo '```'
}
