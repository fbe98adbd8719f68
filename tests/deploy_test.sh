#!/usr/bin/env bash
# deploy/ is usable as shipped: the systemd unit passes systemd-analyze
# verify, and the example flagfile parses (every flag in it exists) and
# starts a server that stops cleanly on SIGTERM.
set -euo pipefail
server_bin=$1
deploy_dir=$2
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# The unit, pointed at the freshly built binary.
sed "s#/usr/local/bin/minhbachd#$server_bin#" "$deploy_dir/minhbachd.service" >"$work/minhbachd.service"
if ! out=$(systemd-analyze verify "$work/minhbachd.service" 2>&1) || [ -n "$out" ]; then
  echo "FAIL: systemd-analyze verify: $out"; exit 1
fi

# The example flags, with the files it names overridden for a local run.
"$server_bin" --flagfile="$deploy_dir/minhbachd.flags" --data_dir="$work/data" \
  --listen=127.0.0.1:0 --metrics_listen=127.0.0.1:0 --http_listen=127.0.0.1:0 --tls_cert= --tls_key= --token_file= --signing_key= 2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do grep -q 'msg="minhbachd started"' "$work/server.log" && break; sleep 0.1; done
grep -q 'msg="minhbachd started"' "$work/server.log" || { echo "FAIL: did not start"; cat "$work/server.log"; exit 1; }
grep -q 'public_key=lien-chung.tan-yen.bac-giang/minhbach+' "$work/server.log"
kill -TERM "$pid"
wait "$pid"  # exit status 0 after a clean stop, or set -e fails the test
grep -q 'msg="minhbachd stopped"' "$work/server.log"
[ "$(stat -c %a "$work/data")" = 700 ] || { echo "FAIL: data directory is not mode 0700"; exit 1; }
echo "deploy: 1 passed, 0 failed"
