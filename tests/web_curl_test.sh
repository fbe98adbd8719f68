#!/usr/bin/env bash
# The web API with curl, a client we did not write: sign in with curl's
# cookie jar, call GetDashboard with the session and its CSRF token, and with
# a bearer token; the cookie's flags; a static file; a path out of the root.
set -euo pipefail
server_bin=$1
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL: $*"; exit 1; }

mkdir site
printf '<!doctype html><meta charset="utf-8"><title>Minh bạch</title>\n' >site/index.html
echo "not for the web" >secret.txt
"$server_bin" --listen=127.0.0.1:0 --metrics_listen= --http_listen=127.0.0.1:0 \
  --web_root="$work/site" --data_dir=data 2>server.log &
server_pid=$!
for _ in $(seq 100); do grep -q 'msg="minhbachd started"' server.log 2>/dev/null && break; sleep 0.1; done
http_port=$(sed -n 's/.*msg="minhbachd started".* http_port=\([0-9]*\).*/\1/p' server.log)
[ -n "$http_port" ] && [ "$http_port" != 0 ] || { cat server.log; fail "the server did not start"; }
web=http://127.0.0.1:$http_port
token=$(awk '$1 == "coordinator" { print $2 }' data/client-tokens)
json=(-H 'Content-Type: application/json')

# Sign in: the cookie goes to the jar, HttpOnly (curl marks it #HttpOnly_).
session=$(curl -sS --fail -c jar "${json[@]}" -d "{\"token\":\"$token\"}" "$web/api/session")
grep -q '^#HttpOnly_127.0.0.1.*mb_session' jar || { cat jar; fail "no HttpOnly session cookie"; }
csrf=$(sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p' <<<"$session")
[ -n "$csrf" ] || fail "no csrfToken in $session"
grep -q '"role":"coordinator"' <<<"$session" || fail "not the coordinator: $session"

# With the session: the CSRF header is required.
code=$(curl -sS -o refused.json -w '%{http_code}' -b jar "${json[@]}" -d '{}' \
  "$web/minhbach.v1.ProgramStatus/GetDashboard")
[ "$code" = 403 ] || fail "a cookie call without X-CSRF-Token answered $code"
grep -q '"code":"permission_denied"' refused.json || fail "$(cat refused.json)"
dashboard=$(curl -sS --fail -b jar -H "X-CSRF-Token: $csrf" "${json[@]}" -d '{}' \
  "$web/minhbach.v1.ProgramStatus/GetDashboard")
grep -q '"basis":{"position":"0"' <<<"$dashboard" || fail "no dashboard: $dashboard"

# With a bearer token: no cookie, no CSRF header.
bearer=$(curl -sS --fail -H "Authorization: Bearer $token" "${json[@]}" -d '{}' \
  "$web/minhbach.v1.ProgramStatus/GetDashboard")
[ "$bearer" = "$dashboard" ] || fail "bearer and session answers differ: $bearer / $dashboard"

# Live updates, asked for compressed as a browser asks: the first event
# comes at once, uncompressed (curl ends the stream after 2 s: exit 28).
curl -s -N --compressed --max-time 2 -b jar "$web/api/live" >live.txt || [ $? = 28 ]
grep -q '^data: {"logSize":"0"}' live.txt || fail "no head event: $(cat live.txt)"

# Sign out: the session no longer works.
curl -sS --fail -b jar -c jar -H "X-CSRF-Token: $csrf" "${json[@]}" -d '{}' \
  "$web/api/session/end" >/dev/null
code=$(curl -sS -o /dev/null -w '%{http_code}' -b jar "$web/api/session")
[ "$code" = 401 ] || fail "the session still answers $code after sign-out"

# Static files, compressed when asked; nothing outside the root.
curl -sS --fail --compressed "$web/" | grep -q 'Minh bạch' || fail "no index.html"
code=$(curl -sS --path-as-is -o out.txt -w '%{http_code}' "$web/../secret.txt")
[ "$code" = 404 ] && ! grep -q 'not for the web' out.txt || fail "/../secret.txt answered $code"
code=$(curl -sS --path-as-is -o out.txt -w '%{http_code}' "$web/%2e%2e/secret.txt")
[ "$code" = 404 ] && ! grep -q 'not for the web' out.txt || fail "/%2e%2e/secret.txt answered $code"
echo "web_curl: passed"
