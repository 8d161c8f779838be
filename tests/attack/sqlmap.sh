#!/usr/bin/env bash
# sqlmap against every public and API endpoint of a real Herald server.
#
# Starts `herald serve` on a throwaway copy of the demo site (loopback, a free
# port), with comment rate limits and the sign-in lockout raised so that sqlmap
# is answered by the handlers and not by 429, and points sqlmap at every input
# the site reads: query parameters, path segments (with `*` markers), JSON and
# form bodies, the session and login cookies, the bearer token and the
# User-Agent that sign-in stores. Exits 1 and lists every finding if sqlmap
# reports an injectable parameter, a DBMS error in a page, or a reflected
# `'"<>` in an HTML page; exits 2 if a target could not be tested as meant
# or the server answered 5xx; exits 0 with a summary otherwise.
#
# Usage: tests/attack/sqlmap.sh            full run (level 3, risk 2)
#        QUICK=1 tests/attack/sqlmap.sh    fast check (level 1, risk 1)
# Environment:
#   HERALD_BIN     the herald binary (default build/release/herald, else build/herald)
#   SQLMAP_LEVEL, SQLMAP_RISK   override the level and risk
#   SQLMAP_ONLY    a regular expression: run only the targets whose name matches
#   SQLMAP_THREADS sqlmap --threads (default 1; at most 2 on a shared machine)
#   KEEP=1         keep the temporary directory (sqlmap logs, server log)
#   REFERENCE      the reference wire article (default ../shared/reference/seed-article.txt)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
report="$root/tests/attack/sqlmap_report.py"
cd "$root"

if [[ -z "${HERALD_BIN:-}" ]]; then
  HERALD_BIN=build/release/herald
  [[ -x "$HERALD_BIN" ]] || HERALD_BIN=build/herald
fi
[[ -x "$HERALD_BIN" ]] || { echo "sqlmap.sh: no herald binary at $HERALD_BIN (set HERALD_BIN)" >&2; exit 2; }
REFERENCE="${REFERENCE:-../shared/reference/seed-article.txt}"

if [[ "${QUICK:-0}" == 1 ]]; then
  level="${SQLMAP_LEVEL:-1}" risk="${SQLMAP_RISK:-1}"
else
  level="${SQLMAP_LEVEL:-3}" risk="${SQLMAP_RISK:-2}"
fi
threads="${SQLMAP_THREADS:-1}"
only="${SQLMAP_ONLY:-}"

# --- sqlmap itself (Debian package) ------------------------------------------
if ! command -v sqlmap >/dev/null 2>&1; then
  echo "sqlmap.sh: installing sqlmap"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends sqlmap
fi
for tool in curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "sqlmap.sh: needs $tool" >&2; exit 2; }
done
sqlmap_version="$(sqlmap --version 2>/dev/null | head -1)"

# --- a site of its own -----------------------------------------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/herald-sqlmap.XXXXXX")"
data="$tmp/data"
server_pid=""
cleanup() {
  local rc=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [[ "${KEEP:-0}" == 1 ]]; then
    echo "sqlmap.sh: kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$data" "$tmp/sqlmap" "$tmp/logs" "$tmp/req"
"$HERALD_BIN" init --config "$tmp/default.toml" --data "$data" >"$tmp/setup.log" 2>&1 ||
  { cat "$tmp/setup.log" >&2; exit 2; }
# The written defaults, with the limits that would answer sqlmap with 429
# raised (every edition's [editions.moderation] table, and [desk]).
awk '
/^(per_address_per_minute|per_identity_per_minute|duplicate_window_seconds|login_max_failures|login_lockout_minutes) *=/ {next}
{print}
/^\[editions\.moderation\]/ {print "per_address_per_minute = 100000\nper_identity_per_minute = 100000\nduplicate_window_seconds = 0"}
/^\[desk\]/ {print "login_max_failures = 1000\nlogin_lockout_minutes = 1"}
' "$tmp/default.toml" >"$tmp/herald.toml"

ref=()
[[ -f "$REFERENCE" ]] && ref=(--reference "$REFERENCE")
"$HERALD_BIN" demo load --config "$tmp/herald.toml" --data "$data" "${ref[@]}" >>"$tmp/setup.log" 2>&1 ||
  { cat "$tmp/setup.log" >&2; exit 2; }
token="$("$HERALD_BIN" token create --config "$tmp/herald.toml" --data "$data" --name sqlmap \
  --role admin 2>/dev/null | grep -Eo '[A-Za-z0-9_]{20,}' | head -1)"
[[ -n "$token" ]] || { echo "sqlmap.sh: could not create an API token" >&2; exit 2; }
desk_email="desk@example.org"
desk_password="Sqlmap-Desk-Passw0rd-$$"
printf '%s\n' "$desk_password" | "$HERALD_BIN" user add --config "$tmp/herald.toml" --data "$data" \
  --role admin --password-stdin "$desk_email" >>"$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log" >&2; exit 2; }
printf '%s\n' "Sqlmap-Reporter-Passw0rd-$$" | "$HERALD_BIN" user add --config "$tmp/herald.toml" \
  --data "$data" --role reporter --password-stdin "reporter@example.org" >>"$tmp/setup.log" 2>&1 ||
  { cat "$tmp/setup.log" >&2; exit 2; }

"$HERALD_BIN" serve --config "$tmp/herald.toml" --data "$data" --port 0 --address 127.0.0.1 \
  --threads 2 >"$tmp/serve.out" 2>"$tmp/serve.log" &
server_pid=$!
port=""
for _ in $(seq 100); do
  port="$(grep -ho 'listening on http://127.0.0.1:[0-9]*' "$tmp/serve.out" "$tmp/serve.log" 2>/dev/null |
    head -1 | sed 's/.*://')" || true
  [[ -n "$port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 2; }
  sleep 0.1
done
[[ -n "$port" ]] || { echo "sqlmap.sh: the server did not start" >&2; cat "$tmp/serve.log" >&2; exit 2; }
base="http://127.0.0.1:$port"
host="127.0.0.1:$port"
echo "sqlmap.sh: herald on $base (data $data); $sqlmap_version, level $level, risk $risk"

# --- fixtures: ids, keys and tokens the requests need ------------------------------
auth=(-H "Authorization: Bearer $token")
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }
api() { curl -sS --fail-with-body "$@"; }

article_json="$(api "$base/api/v1/articles?edition=en&limit=100")"
article_id="$(printf '%s' "$article_json" | json '[a["id"] for a in d["articles"] if a["id"] == 425881][0] if any(a["id"] == 425881 for a in d["articles"]) else [a["id"] for a in d["articles"] if a["tags"]][0]')"
article="$(api "$base/api/v1/articles/$article_id")"
slug="$(printf '%s' "$article" | json 'd["slug"]')"
section="$(printf '%s' "$article" | json 'd["section"]')"
article_path="/en/news/$article_id/$slug"
article_page="$(api "$base$article_path")"
tag="$(printf '%s' "$article_page" | grep -o 'href="/en/tag/[^/"]*/"' | head -1 | sed 's|href="/en/tag/||;s|/"||')"
[[ -n "$tag" ]] || tag="$(api "$base/en/" | grep -o 'href="/en/tag/[^/"]*/"' | head -1 | sed 's|href="/en/tag/||;s|/"||')"
form_token="$(printf '%s' "$article_page" | grep -o 'name="token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')"
month="$(api "$base/sitemap.xml" | grep -o '/sitemaps/[0-9-]*\.xml' | head -1 | sed 's|/sitemaps/||;s|\.xml||')"

post_comment() {  # name email body -> the JSON answer
  api -X POST "$base/api/v1/articles/$article_id/comments" -H 'Content-Type: application/json' \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "email": sys.argv[2], "body": sys.argv[3]}))' "$1" "$2" "$3")"
}
c1_json="$(post_comment "Sara" "sara@example.org" "Guarantees matter more than words; who will monitor the truce?")"
c1="$(printf '%s' "$c1_json" | json 'd["id"]')"
# A comment to reject and appeal: its private key opens the status page.
c2_json="$(post_comment "Omid" "omid@example.org" "The truce will hold only if both sides keep their word this time.")"
c2="$(printf '%s' "$c2_json" | json 'd["id"]')"
c2_key="$(printf '%s' "$c2_json" | json 'd["status_url"].split("key=")[1]')"
api -X POST "$base/api/v1/comments/$c2/reject" "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"reason":"abuse","note":"sqlmap fixture"}' >/dev/null
# A comment for the moderators' decision endpoints, and one held (another
# language) so that the held queue and a commenter record have something.
c3_json="$(post_comment "Lena" "lena@example.org" "Both governments should publish the text of the agreement in full.")"
c3="$(printf '%s' "$c3_json" | json 'd["id"]')"
post_comment "Jean" "jean@example.org" "Je ne suis pas du tout d'accord avec cette analyse de la situation." >/dev/null
queue="$(api "$base/api/v1/moderation/queue?kind=held&edition=en" "${auth[@]}")"
commenter="$(printf '%s' "$queue" | json 'd["items"][0]["commenter"]["id"] if d["items"] else 1')"
status_page="$(api "$base/en/comments/$c2/status?key=$c2_key")"
appeal_token="$(printf '%s' "$status_page" | grep -o 'name="token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')"

# A draft of the token's own, found by the desk's filters (author, q).
draft_json="$(api -X POST "$base/api/v1/articles" "${auth[@]}" -H 'Content-Type: application/json' \
  -d "{\"edition\":\"en\",\"section\":\"$section\",\"headline\":\"Council approves the harbour budget\",\"lead\":\"The council voted for the budget.\",\"body\":\"First paragraph.\",\"tags\":[\"Budget\"]}")"
draft="$(printf '%s' "$draft_json" | json 'd["id"]')"
reporter_id="$(api "$base/api/v1/users" "${auth[@]}" | json '[u["id"] for u in d["users"] if u["email"] == "reporter@example.org"][0]')"
ninjs_cursor="$(api "$base/api/v1/ninjs?since=2000-01-01T00:00:00Z&limit=2" | json 'd.get("next_cursor") or ""')"

# The desk's sign-in form: a nonce cookie and the form token bound to it.
login_page="$(curl -sS -c "$tmp/login.jar" "$base/desk/login")"
login_csrf="$(printf '%s' "$login_page" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')"
login_nonce="$(awk '$6 == "herald_login" {print $7}' "$tmp/login.jar")"
# A desk session (its cookie), signed in through the same form.
curl -sS -c "$tmp/session.jar" -b "$tmp/login.jar" -o /dev/null -X POST "$base/desk/login" \
  --data-urlencode "email=$desk_email" --data-urlencode "password=$desk_password" \
  --data-urlencode "csrf=$login_csrf" --data-urlencode "next=/desk/"
session="$(awk '$6 == "herald_session" {print $7}' "$tmp/session.jar")"
for v in article_id slug section tag form_token month c1 c2 c2_key c3 commenter appeal_token draft \
  reporter_id login_csrf login_nonce session; do
  [[ -n "${!v}" ]] || { echo "sqlmap.sh: fixture '$v' is empty" >&2; exit 2; }
done
api "$base/api/v1/me" -H "Cookie: herald_session=$session" >/dev/null

# Request files (-r) with `*` markers, for the comment form and the comment
# API. They send no email, so a commenter is known by name and address, and
# the xforwardedfor tamper script gives every payload an address of its own
# (127.0.0.1 is a trusted proxy): each is then a first comment, stored rather
# than refused as a repost of the same text (409). The email field is tested
# by the --data targets.
printf 'POST %s/comments HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: */*\r\n\r\n%s' \
  "$article_path" "$host" \
  "token=$form_token&parent=$c1*&name=Reader*&body=I+read+this+report+carefully+and+the+figures+look+right+to+me*&website=*&confirm=1*" \
  >"$tmp/req/comment-form.txt"
printf 'POST /api/v1/articles/%s/comments HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nAccept: application/json\r\n\r\n%s' \
  "$article_id" "$host" \
  '{"name":"Reader*","body":"The figures in this report look right to me, thank you.*","website":"*"}' \
  >"$tmp/req/comment-json.txt"

# --- the targets ----------------------------------------------------------------
# target NAME KIND DBMS ARGS...: KIND is html or json (a reflected '"<> counts
# only in HTML); DBMS is "sqlite" for the --dbms=SQLite hint or "any".
declare -a findings=() notes=() problems=()
total_requests=0 total_params=0 total_targets=0
declare -a table=()
started=$(date +%s)

metric_5xx() { curl -s "$base/metrics" | awk '/^herald_http_requests_total\{code="5xx"\}/ {print $2}'; }

target() {
  local name="$1" kind="$2" dbms="$3"
  shift 3
  if [[ -n "$only" && ! "$name" =~ $only ]]; then return 0; fi
  local log="$tmp/logs/$name.log" traffic="$tmp/logs/$name.traffic"
  local args=(--batch --ignore-stdin --disable-coloring --flush-session --level "$level" --risk "$risk"
    --threads "$threads" --output-dir "$tmp/sqlmap/$name" -t "$traffic" --timeout 30 --retries 1
    --answers "keep testing=Y" --skip-waf --ignore-code 401)
  [[ "$dbms" == sqlite ]] && args+=(--dbms SQLite)
  local t0 five0 five1
  t0=$(date +%s)
  five0="$(metric_5xx)"
  sqlmap "${args[@]}" "$@" >"$log" 2>&1 || true
  five1="$(metric_5xx)"
  kill -0 "$server_pid" 2>/dev/null || problems+=("$name: the server is no longer running")
  local requests params tested line
  requests=$(grep -c '^HTTP request \[#' "$traffic" 2>/dev/null || true)
  tested="$(python3 "$report" params "$log")"
  params=$(printf '%s' "$tested" | grep -c . || true)
  total_requests=$((total_requests + ${requests:-0}))
  total_params=$((total_params + params))
  total_targets=$((total_targets + 1))
  table+=("$(printf '%-22s %6s req %4ss  %s' "$name" "${requests:-0}" "$(($(date +%s) - t0))" \
    "$(printf '%s' "$tested" | sed -E 's/^\(custom\) //; s/ parameter//' | paste -sd, - | sed 's/,/, /g')")")
  while IFS= read -r line; do
    case "$line" in
      FINDING:*) findings+=("$name: ${line#FINDING: }") ;;
      NOTE:*) notes+=("$name: ${line#NOTE: }") ;;
      PROBLEM:*) problems+=("$name: ${line#PROBLEM: }") ;;
    esac
  done < <(python3 "$report" verdict "$log" "$kind")
  # A target sqlmap could not test as meant.
  ((params > 0)) || problems+=("$name: sqlmap tested no parameter")
  # Answers 500-599: the request and the answer, from the traffic file.
  if [[ "${five1:-0}" != "${five0:-0}" ]] || grep -q '^HTTP response \[#[0-9]*\] (5' "$traffic" 2>/dev/null; then
    problems+=("$name: $((${five1:-0} - ${five0:-0})) answers 5xx (server metrics)")
    python3 "$report" fivexx "$traffic" "$tmp/logs/5xx.txt" "$name"
  fi
  [[ "${KEEP:-0}" == 1 ]] || rm -f "$traffic"
  printf '  %-22s %4d params %7d requests  %4ds\n' "$name" "$params" "${requests:-0}" "$(($(date +%s) - t0))"
}

# Headers are tested once (search, sign-in); elsewhere sqlmap skips them.
# Writes that store something answer with what is new each time (a fresh id
# and time, the article page listing every comment so far): identical requests
# differ, and sqlmap's boolean-based comparison sees that noise as a true/false
# difference (it then withdraws it as a false positive itself). There the
# answer's status is compared instead (--code); error-based, UNION and
# time-based tests are unaffected, and an INSERT's boolean outcome could only
# ever show in the status anyway.
noh=(--skip "user-agent,referer,host")
jsonh=(-H "Content-Type: application/json")

echo "sqlmap.sh: public pages"
target search-page html any -u "$base/en/search?q=truce&page=1"
target front-page html sqlite "${noh[@]}" -u "$base/en/?page=1"
target edition-path html sqlite "${noh[@]}" -u "$base/en*/"
target section-page html sqlite "${noh[@]}" -u "$base/en/$section*/?page=1*"
target tag-page html sqlite "${noh[@]}" -u "$base/en/tag/$tag*/?page=1*"
target article-page html sqlite "${noh[@]}" \
  -u "$base/en/news/$article_id*/$slug*?reply=$c1*&comment=$c1*&posted=published*&reasons=language*"
target article-reported html sqlite "${noh[@]}" -u "$base$article_path?reported=$c1"
target news-short html sqlite "${noh[@]}" -u "$base/news/$article_id*"
target feeds html sqlite "${noh[@]}" -u "$base/en/$section*/rss.xml*"
target feed-json html sqlite "${noh[@]}" -u "$base/en*/feed.json"
target sitemap html sqlite "${noh[@]}" -u "$base/sitemaps/$month*.xml"
target comment-status html sqlite "${noh[@]}" -u "$base/en/comments/$c2*/status?key=$c2_key*&appealed=1*"
target desk-login-next html sqlite "${noh[@]}" -u "$base/desk/login?next=/desk/"

echo "sqlmap.sh: public forms"
target comment-form html sqlite "${noh[@]}" --code 200 --tamper xforwardedfor -r "$tmp/req/comment-form.txt"
target comment-form-data html sqlite "${noh[@]}" --code 200 -u "$base$article_path/comments" \
  --data "token=$form_token&name=Reader&email=reader%40example.org&body=The+council+should+publish+the+figures+before+the+vote&website=&confirm=1"
target appeal-form html sqlite "${noh[@]}" -u "$base/en/comments/$c2/appeal" \
  --data "key=$c2_key&token=$appeal_token&appeal=Please+read+the+comment+again"
# The form's token is HMAC-checked before anything else (sqlmap leaves
# anti-CSRF fields alone): the comment id in the path is what reaches the store.
target report-form html sqlite "${noh[@]}" -u "$base/en/comments/$c1*/report" --data "token=$form_token"
# Sign-in: a wrong password (every field, and the nonce cookie at level 2+),
# then the right one with the User-Agent the new session stores.
target desk-login html sqlite "${noh[@]}" --drop-set-cookie -u "$base/desk/login" \
  --cookie "herald_login=$login_nonce" \
  --data "email=$desk_email&password=not-the-password&csrf=$login_csrf&next=%2Fdesk%2F"
target desk-login-agent html sqlite --drop-set-cookie -u "$base/desk/login" \
  --cookie "herald_login=$login_nonce" -H "User-Agent: Mozilla/5.0 (X11; Linux x86_64) sqlmap*" \
  --data "email=$desk_email&password=$desk_password&csrf=$login_csrf&next=%2Fdesk%2F"
target session-cookie json sqlite "${noh[@]}" -u "$base/api/v1/me" --cookie "herald_session=$session*"
target desk-session html sqlite "${noh[@]}" -u "$base/desk/" --cookie "herald_session=$session*"

echo "sqlmap.sh: the API, public"
target api-search json any "${noh[@]}" -u "$base/api/v1/search?q=truce&edition=en&page=1"
target api-articles json sqlite "${noh[@]}" \
  -u "$base/api/v1/articles?edition=en&section=$section&tag=$tag&status=published&page=1&limit=20"
target api-article-path json sqlite "${noh[@]}" -u "$base/api/v1/articles/$article_id*"
target api-comments-list json sqlite "${noh[@]}" -u "$base/api/v1/articles/$article_id*/comments"
target api-comment json sqlite "${noh[@]}" -u "$base/api/v1/comments/$c1*"
target api-comment-status json sqlite "${noh[@]}" -u "$base/api/v1/comments/$c2*/status?key=$c2_key*"
target api-ninjs json sqlite "${noh[@]}" -u "$base/api/v1/ninjs?since=2016-12-18T00:00:00Z&edition=en&limit=10"
target api-ninjs-cursor json sqlite "${noh[@]}" -u "$base/api/v1/ninjs?cursor=$ninjs_cursor&limit=10"
target api-ninjs-id json sqlite "${noh[@]}" -u "$base/api/v1/ninjs/$article_id*"
target api-comment-post json sqlite "${noh[@]}" "${jsonh[@]}" --code 201 -u "$base/api/v1/articles/$article_id/comments" \
  --data "{\"name\":\"Reader\",\"email\":\"reader2@example.org\",\"body\":\"Thank you for the clear report on the truce talks.\",\"parent_id\":$c1,\"nudge\":false,\"check\":false}"
target api-comment-post-r json sqlite "${noh[@]}" --code 201 --tamper xforwardedfor -r "$tmp/req/comment-json.txt"
target api-appeal json sqlite "${noh[@]}" "${jsonh[@]}" -u "$base/api/v1/comments/$c2/appeal" \
  --data "{\"key\":\"$c2_key\",\"text\":\"Please read the comment again.\"}"
target api-report json sqlite "${noh[@]}" -u "$base/api/v1/comments/$c1*/report" --method POST

echo "sqlmap.sh: the API, with the bearer token"
target api-bearer json sqlite "${noh[@]}" -u "$base/api/v1/me" -H "Authorization: Bearer $token*"
target api-articles-desk json sqlite "${noh[@]}" "${auth[@]}" \
  -u "$base/api/v1/articles?edition=en&section=$section&status=draft&author=token:sqlmap&q=harbour&submitted=false&order=updated&page=1&limit=20"
target api-revisions json sqlite "${noh[@]}" "${auth[@]}" -u "$base/api/v1/articles/$draft*/revisions/0*"
target api-article-create json sqlite "${noh[@]}" "${auth[@]}" "${jsonh[@]}" --code 201 -u "$base/api/v1/articles" \
  --data "{\"edition\":\"en\",\"section\":\"$section\",\"headline\":\"Harbour works start in spring\",\"lead\":\"The port authority set a date.\",\"body\":\"First paragraph.\",\"tags\":[\"Harbour\"],\"byline\":\"Staff\",\"image_caption\":\"The quay\",\"image_credit\":\"Herald\"}"
target api-article-patch json sqlite "${noh[@]}" "${auth[@]}" "${jsonh[@]}" --method PATCH \
  -u "$base/api/v1/articles/$draft" \
  --data "{\"section\":\"$section\",\"headline\":\"Council approves the harbour budget\",\"lead\":\"The council voted.\",\"body\":\"Second paragraph.\",\"tags\":[\"Budget\"],\"byline\":\"Desk\",\"correction\":\"An earlier version misnamed the council.\"}"
target api-publish json sqlite "${noh[@]}" "${auth[@]}" "${jsonh[@]}" -u "$base/api/v1/articles/$draft/publish" \
  --data '{"at":"2030-01-01T08:00:00Z"}'
target api-comment-mode json sqlite "${noh[@]}" "${auth[@]}" "${jsonh[@]}" \
  -u "$base/api/v1/articles/$draft/comment-mode" --data '{"mode":"pre"}'
target api-preview json sqlite "${noh[@]}" "${auth[@]}" "${jsonh[@]}" -u "$base/api/v1/preview" \
  --data "{\"edition\":\"en\",\"section\":\"$section\",\"headline\":\"Preview headline\",\"lead\":\"A lead.\",\"body\":\"Some *Markdown*.\"}"
target api-queue json sqlite "${noh[@]}" "${auth[@]}" \
  -u "$base/api/v1/moderation/queue?kind=held&edition=en&limit=50&offset=0"
target api-decide json sqlite "${noh[@]}" "${auth[@]}" "${jsonh[@]}" -u "$base/api/v1/comments/$c3/reject" \
  --data '{"reason":"abuse","note":"Please keep to the subject."}'
target api-bulk json sqlite "${noh[@]}" "${auth[@]}" "${jsonh[@]}" -u "$base/api/v1/moderation/bulk" \
  --data "{\"ids\":[$c3],\"action\":\"approve\",\"reason\":\"spam\",\"note\":\"Looked again.\"}"
target api-commenter json sqlite "${noh[@]}" "${auth[@]}" -u "$base/api/v1/commenters/$commenter*"
target api-commenter-warn json sqlite "${noh[@]}" "${auth[@]}" "${jsonh[@]}" \
  -u "$base/api/v1/commenters/$commenter/warn" --data '{"note":"Please keep it civil."}'
target api-audit json sqlite "${noh[@]}" "${auth[@]}" \
  -u "$base/api/v1/audit?actor=token:sqlmap&action=article&target=article:$draft&before=1000000&limit=50"
target api-users json sqlite "${noh[@]}" "${auth[@]}" -u "$base/api/v1/users/$reporter_id*"
target api-user-create json sqlite "${noh[@]}" "${auth[@]}" "${jsonh[@]}" --code 201 -u "$base/api/v1/users" \
  --data '{"email":"new.reporter@example.org","name":"New Reporter","role":"reporter","password":"A-long-enough-passw0rd"}'
target api-user-patch json sqlite "${noh[@]}" "${auth[@]}" "${jsonh[@]}" --method PATCH \
  -u "$base/api/v1/users/$reporter_id" --data '{"name":"Renamed Reporter"}'
target api-section json sqlite "${noh[@]}" "${auth[@]}" "${jsonh[@]}" -u "$base/api/v1/editions/en/sections" \
  --data '{"slug":"sqlmap-desk","name":"Sqlmap desk","position":90}'

# --- the verdict -------------------------------------------------------------------
elapsed=$(($(date +%s) - started))
integrity="$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$data/herald.db" 2>&1 || true)"
[[ "$integrity" == ok ]] || problems+=("PRAGMA integrity_check after the attack: $integrity")
server_errors="$(grep -Eic '\b(error|critical)\b' "$tmp/serve.log" || true)"
total_5xx="$(metric_5xx)"
echo
echo "sqlmap.sh: $total_targets targets, $total_params parameters tested, $total_requests requests," \
  "$((elapsed / 60)) min $((elapsed % 60)) s; level $level risk $risk; $sqlmap_version"
echo "sqlmap.sh: server: ${total_5xx:-?} answers 5xx, $server_errors error lines in its log;" \
  "database integrity_check: $integrity"
if ((${#notes[@]})); then
  echo "sqlmap.sh: notes (not findings):"
  printf '  %s\n' "${notes[@]}"
fi
if [[ "${server_errors:-0}" != 0 ]]; then
  echo "sqlmap.sh: server log errors (first 20):"
  grep -Ei '\b(error|critical)\b' "$tmp/serve.log" | head -20 | sed 's/^/  /'
  problems+=("the server logged $server_errors errors")
fi
if [[ -s "$tmp/logs/5xx.txt" ]]; then
  echo "sqlmap.sh: requests answered 5xx (first 10):"
  awk '/^=== /{n++} n<=10' "$tmp/logs/5xx.txt" | sed 's/^/  /'
fi
if ((${#findings[@]})); then
  echo "sqlmap.sh: FINDINGS:"
  printf '  %s\n' "${findings[@]}"
fi
if ((${#problems[@]})); then
  echo "sqlmap.sh: PROBLEMS:"
  printf '  %s\n' "${problems[@]}"
fi
if [[ "${VERBOSE:-0}" == 1 || ${#findings[@]} -gt 0 || ${#problems[@]} -gt 0 ]]; then
  echo "sqlmap.sh: per target (parameters tested):"
  printf '  %s\n' "${table[@]}"
fi
if ((${#findings[@]})); then exit 1; fi
if ((${#problems[@]})); then exit 2; fi
echo "sqlmap.sh: no finding"
