#!/usr/bin/env bash
# Public page benchmarks against nginx serving the same bytes; `make bench`
# (or `make bench-pages`) runs this from the repository root.
#
#   1. Loads the demo (with the reference article) and starts two release
#      `herald serve`: one with the page cache (hot), one without (cold).
#   2. Saves the article page exactly as Herald sends it, plain and gzipped,
#      and serves those files from nginx (gzip_static, sendfile, open file
#      cache, the same response headers) as the physical limit.
#   3. Drives each with the same wrk command, interleaved round by round so
#      that drift in the machine's load hits every server alike; reports
#      medians, the ratios to nginx, and server CPU time per request.
#   4. Writes bench/pages/RESULTS.md (OUT=...).
#
# Environment: BUILD (build/bench), DURATION (10s), RUNS (3), THREADS (2),
# CONNECTIONS (64), SERVER_THREADS (2: Herald's threads = nginx's workers),
# QUICK=1 (3s runs), OUT.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
source bench/lib.sh

BUILD=${BUILD:-build/bench}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
[[ ${QUICK:-0} == 1 ]] && DURATION=3s
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
SERVER_THREADS=${SERVER_THREADS:-2}
OUT=${OUT:-bench/pages/RESULTS.md}
REFERENCE=${REFERENCE:-../shared/reference/seed-article.txt}
ARTICLE=425881

need_pkg wrk wrk
need_pkg curl curl
need_pkg nginx nginx

build_herald "$BUILD" herald
HERALD=$ROOT/$BUILD/herald
[[ $BUILD = /* ]] && HERALD=$BUILD/herald

WORK=$(mktemp -d /tmp/herald-bench-pages.XXXXXX)
chmod 755 "$WORK"  # nginx workers run as www-data and read the files from here.
HOT_PID="" COLD_PID="" NGINX_PID=""
cleanup() {
  stop_pid "$HOT_PID"
  stop_pid "$COLD_PID"
  if [[ -n $NGINX_PID ]]; then kill -QUIT "$NGINX_PID" 2>/dev/null || true; fi
  sleep 0.2
  rm -rf "$WORK"
}
trap cleanup EXIT

DATA=$WORK/data
ref=()
[[ -f $REFERENCE ]] && ref=(--reference "$REFERENCE")
"$HERALD" demo load --data "$DATA" "${ref[@]}" >"$WORK/demo.txt"

printf '[log]\nlevel = "warn"\n' >"$WORK/hot.toml"
printf '[log]\nlevel = "warn"\n[cache]\npages = false\n' >"$WORK/cold.toml"
start_herald HOT_PID HOT_PORT "$WORK/hot" --config "$WORK/hot.toml" --data "$DATA" \
  --threads "$SERVER_THREADS"
start_herald COLD_PID COLD_PORT "$WORK/cold" --config "$WORK/cold.toml" --data "$DATA" \
  --threads "$SERVER_THREADS"
HOT=http://127.0.0.1:$HOT_PORT
COLD=http://127.0.0.1:$COLD_PORT

ARTICLE_PATH=$(curl -s -o /dev/null -w '%{redirect_url}' "$HOT/news/$ARTICLE" | sed "s|^$HOT||")
[[ -n $ARTICLE_PATH ]] || { echo "no article $ARTICLE" >&2; exit 1; }

# --- the same bytes for nginx ----------------------------------------------------
WWW=$WORK/www
mkdir -p "$WWW"
curl -s -D "$WORK/headers.txt" -o "$WWW/article.html" "$HOT$ARTICLE_PATH"
curl -s -H 'Accept-Encoding: gzip' -o "$WWW/article.html.gz" "$HOT$ARTICLE_PATH"
chmod -R a+rX "$WWW"
PLAIN_BYTES=$(stat -c %s "$WWW/article.html")
GZIP_BYTES=$(stat -c %s "$WWW/article.html.gz")
gunzip -c "$WWW/article.html.gz" | cmp -s - "$WWW/article.html" ||
  { echo "gzip bytes do not match the page" >&2; exit 1; }

# Herald's own headers (minus those nginx makes itself), so both answers are
# the same size on the wire.
ADD_HEADERS=$(tr -d '\r' <"$WORK/headers.txt" | awk -F': ' 'NR > 1 && NF >= 2 &&
  tolower($1) !~ /^(content-length|content-type|connection|etag|last-modified|vary|date)$/ {
    v = substr($0, length($1) + 3); gsub(/"/, "\\\"", v);
    printf "      add_header %s \"%s\" always;\n", $1, v }')
NGINX_PORT=$((HOT_PORT + 1000 > 65000 ? 18321 : HOT_PORT + 1000))
cat >"$WORK/nginx.conf" <<NGINX
worker_processes $SERVER_THREADS;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  open_file_cache max=64 inactive=60s;
  open_file_cache_valid 60s;
  gzip_static on;
  gzip_vary on;
  client_body_temp_path $WORK/nginx-tmp;
  proxy_temp_path $WORK/nginx-tmp;
  fastcgi_temp_path $WORK/nginx-tmp;
  uwsgi_temp_path $WORK/nginx-tmp;
  scgi_temp_path $WORK/nginx-tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WWW;
    location = /article {
      default_type "text/html; charset=utf-8";
      try_files /article.html =404;
$ADD_HEADERS
    }
  }
}
NGINX
mkdir -p "$WORK/nginx-tmp"
nginx -c "$WORK/nginx.conf" -p "$WORK" -g 'daemon off;' 2>>"$WORK/nginx-error.log" &
NGINX_PID=$!
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/article" && break
  sleep 0.1
done
NGINX=http://127.0.0.1:$NGINX_PORT
nginx_pids() { pgrep -P "$NGINX_PID" | tr '\n' ' '; echo "$NGINX_PID"; }

# Every server must answer the same body for the same request.
for enc in identity gzip; do
  a=$(curl -s -H "Accept-Encoding: $enc" "$NGINX/article" | md5sum)
  b=$(curl -s -H "Accept-Encoding: $enc" "$HOT$ARTICLE_PATH" | md5sum)
  [[ $a == "$b" ]] || { echo "nginx and hot Herald differ ($enc)" >&2; exit 1; }
done
# A fresh render differs only in the comment form's signed token (it carries
# the time): the same length.
COLD_BYTES=$(curl -s "$COLD$ARTICLE_PATH" | wc -c)
[[ $COLD_BYTES == "$PLAIN_BYTES" ]] || { echo "cold Herald sends $COLD_BYTES bytes, not $PLAIN_BYTES" >&2; exit 1; }

# --- measurements ---------------------------------------------------------------
# name|url|pids-function|accept-encoding
CASES=(
  "nginx static, article|$NGINX/article|nginx_pids|identity"
  "Herald page cache, article|$HOT$ARTICLE_PATH|hot_pid|identity"
  "Herald no cache, article|$COLD$ARTICLE_PATH|cold_pid|identity"
  "nginx static, article gzip|$NGINX/article|nginx_pids|gzip"
  "Herald page cache, article gzip|$HOT$ARTICLE_PATH|hot_pid|gzip"
  "Herald no cache, article gzip|$COLD$ARTICLE_PATH|cold_pid|gzip"
  "Herald page cache, front /en/|$HOT/en/|hot_pid|identity"
  "Herald no cache, front /en/|$COLD/en/|cold_pid|identity"
)
hot_pid() { echo "$HOT_PID"; }
cold_pid() { echo "$COLD_PID"; }
# Feeds, sitemaps and search join when the server has them.
for extra in "/en/rss.xml|RSS feed" "/sitemap-news.xml|news sitemap" "/en/search?q=truce|search"; do
  path=${extra%%|*}
  label=${extra#*|}
  code=$(curl -s -o /dev/null -w '%{http_code}' "$HOT$path")
  [[ $code == 200 ]] || continue
  CASES+=("Herald page cache, $label|$HOT$path|hot_pid|identity")
  CASES+=("Herald no cache, $label|$COLD$path|cold_pid|identity")
done

WRK_CMD="wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency [-H 'Accept-Encoding: gzip'] URL"
declare -A RPS P50 P99 CPU
for round in $(seq 1 "$RUNS"); do
  for i in "${!CASES[@]}"; do
    IFS='|' read -r name url pidfn enc <<<"${CASES[i]}"
    hdr=()
    [[ $enc == gzip ]] && hdr=(-H 'Accept-Encoding: gzip')
    # shellcheck disable=SC2046
    pids=$($pidfn)
    cpu0=$(cpu_seconds $pids)
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${hdr[@]}" "$url" >"$WORK/wrk.txt"
    cpu1=$(cpu_seconds $pids)
    f=$WORK/wrk.txt
    n=$(awk '/requests in/ { print $1 }' "$f")
    if grep -qE 'Non-2xx|Socket errors' "$f"; then
      echo "errors for $name:" >&2
      grep -E 'Non-2xx|Socket errors' "$f" >&2
    fi
    RPS[$i,$round]=$(awk '/^Requests\/sec:/ { print $2 }' "$f")
    P50[$i,$round]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
    P99[$i,$round]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
    CPU[$i,$round]=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$n" 'BEGIN { printf "%.1f", (n > 0) ? (b - a) * 1e6 / n : 0 }')
    echo "round $round: $name: ${RPS[$i,$round]} req/s, p50 ${P50[$i,$round]} ms, p99 ${P99[$i,$round]} ms, ${CPU[$i,$round]} µs CPU/request"
  done
done

# The round with the median throughput is reported whole for each case.
median_round() {
  local i=$1
  for r in $(seq 1 "$RUNS"); do echo "${RPS[$i,$r]} $r"; done | sort -g |
    awk '{ a[NR] = $2 } END { print a[int((NR + 1) / 2)] }'
}
declare -A MED
for i in "${!CASES[@]}"; do MED[$i]=$(median_round "$i"); done
rps() { echo "${RPS[$1,${MED[$1]}]}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a >= b) ? "met" : "MISSED" }'; }

HOT_PLAIN=$(ratio "$(rps 1)" "$(rps 0)")
COLD_PLAIN=$(ratio "$(rps 2)" "$(rps 0)")
HOT_GZIP=$(ratio "$(rps 4)" "$(rps 3)")
COLD_GZIP=$(ratio "$(rps 5)" "$(rps 3)")
HOT_RSS_KB=$(awk '/^VmRSS/ { print $2 }' "/proc/$HOT_PID/status")
{
  echo "# Public page benchmarks: Herald against nginx serving the same bytes"
  echo
  echo "Generated by \`bench/pages/run.sh\` (\`make bench\`) on $(date -u '+%Y-%m-%d %H:%M UTC'); do not edit by hand."
  echo
  echo "## Machine"
  echo
  machine_block
  echo
  echo "wrk runs on the same machine and shares its $(nproc) cores with the server under test; every server"
  echo "gets the same share. Herald runs with $SERVER_THREADS threads, nginx with $SERVER_THREADS workers."
  echo
  echo "## Targets (issue 6)"
  echo
  echo "| target | measured | |"
  echo "|---|---|---|"
  echo "| page cache >= 1.0x nginx static, article | ${HOT_PLAIN}x plain, ${HOT_GZIP}x gzip | $(verdict "$HOT_PLAIN" 1.0), $(verdict "$HOT_GZIP" 1.0) |"
  echo "| no page cache >= 0.5x nginx static, article | ${COLD_PLAIN}x plain, ${COLD_GZIP}x gzip | $(verdict "$COLD_PLAIN" 0.5), $(verdict "$COLD_GZIP" 0.5) |"
  echo
  echo "## Results (median of $RUNS rounds)"
  echo
  echo '```'
  echo "$WRK_CMD"
  echo '```'
  echo
  echo "The article is the reference page ($ARTICLE_PATH): $PLAIN_BYTES bytes, $GZIP_BYTES gzipped."
  echo "nginx serves Herald's own bytes for it from files (gzip_static for the .gz), with Herald's"
  echo "response headers added, so both send the same body and headers of the same size."
  echo "\"no cache\" renders every request from the database (\`[cache] pages = false\`) and gzips per"
  echo "request at a faster level, so its gzip bytes differ."
  echo
  echo "| case | req/s | x nginx | p50 ms | p99 ms | server CPU µs/request | all rounds req/s |"
  echo "|---|---|---|---|---|---|---|"
  for i in "${!CASES[@]}"; do
    IFS='|' read -r name url pidfn enc <<<"${CASES[i]}"
    m=${MED[$i]}
    base=0
    [[ $enc == gzip ]] && base=3
    x=$(ratio "${RPS[$i,$m]}" "$(rps $base)")
    all=$(for r in $(seq 1 "$RUNS"); do printf '%s ' "${RPS[$i,$r]}"; done)
    echo "| $name | ${RPS[$i,$m]} | $x | ${P50[$i,$m]} | ${P99[$i,$m]} | ${CPU[$i,$m]} | $all|"
  done
  echo
  echo "x nginx compares with nginx serving the article in the same encoding. Server CPU is the user +"
  echo "system time of the server's processes during the run divided by the requests answered."
  echo "Herald with the page cache held ${HOT_RSS_KB} kB resident at the end."
} >"$OUT"
echo "wrote $OUT"
