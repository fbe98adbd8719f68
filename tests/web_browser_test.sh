#!/usr/bin/env bash
# Issue 13, "what must be shown": minhbachd serves the web app; a real
# Chromium (Debian's /usr/bin/chromium, driven by puppeteer-core) and
# @connectrpc/connect-web use it against a server loaded with the seed plan
# and the demo activity, and what they see is compared with the gRPC API's own
# answers (Debian's grpcio, tests/web/grpc_answer.py).
#   web_browser_test.sh SERVER CLIENT SITE_DIR SCREENSHOT_DIR [TEST_FILE...]
set -euo pipefail
server_bin=$1
client_bin=$2
site_dir=$3
shots_dir=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
[ -d "$here/web/node_modules/puppeteer-core" ] ||
  { echo "FAIL: tests/web/node_modules is missing: run deploy/install-deps.sh --tests"; exit 1; }
[ -x /usr/bin/chromium ] || { echo "FAIL: /usr/bin/chromium is missing: run deploy/install-deps.sh --tests"; exit 1; }
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$shots_dir" "$work/data"
# The households' personal data needs a master key, outside the data
# directory and readable by its owner only (issue 14).
(umask 077 && openssl rand -hex 32 >"$work/master-key")

"$server_bin" --listen=127.0.0.1:0 --metrics_listen= --http_listen=127.0.0.1:0 --serve_tiles \
  --web_root="$site_dir" --data_dir="$work/data" --master_key_file="$work/master-key" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 150); do grep -q 'msg="minhbachd started"' "$work/server.log" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*msg="minhbachd started".* port=\([0-9]*\).*/\1/p' "$work/server.log")
http_port=$(sed -n 's/.*msg="minhbachd started".* http_port=\([0-9]*\).*/\1/p' "$work/server.log")
[ -n "$port" ] && [ -n "$http_port" ] || { cat "$work/server.log"; echo "FAIL: the server did not start"; exit 1; }

client() { MINHBACH_SERVER=127.0.0.1:$port "$client_bin" --client_tokens="$work/data/client-tokens" "$@"; }
client import "$repo/deploy/seed/lien-chung-2024.plan.json" "$repo/deploy/seed/demo-activity.json" >"$work/import.log" ||
  { cat "$work/import.log"; echo "FAIL: the seed did not load"; exit 1; }

protoc --include_imports --descriptor_set_out="$work/api.desc" -I "$repo/proto" \
  $(cd "$repo/proto" && ls minhbach/v1/*.proto)

export MB_HTTP="http://127.0.0.1:$http_port" MB_GRPC="127.0.0.1:$port"
export MB_TOKENS="$work/data/client-tokens" MB_DESCRIPTORS="$work/api.desc"
export MB_SHOTS="$shots_dir" MB_SITE="$site_dir" MB_CLIENT="$client_bin" MB_WORK="$work"
if [ $# -eq 0 ]; then set -- "$here"/web/*.test.mjs; fi
status=0
node --test --test-concurrency=1 "$@" || status=$?
[ $status -eq 0 ] || { echo "--- server log (tail)"; tail -20 "$work/server.log"; }
exit $status
