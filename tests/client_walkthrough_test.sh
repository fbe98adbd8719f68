#!/usr/bin/env bash
# The README's quick start and online auditor walkthrough, against a real
# minhbachd: append, read, save a signed head, append more, check consistency.
set -euo pipefail
# Reads all of its input before matching: "grep -q" would stop at the first
# match and, under pipefail, fail the test when the writer gets SIGPIPE.
contains() { local out; out=$(cat); grep -q -- "$1" <<<"$out"; }
server_bin=$1
client_bin=$2
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"

"$server_bin" --listen=127.0.0.1:0 --metrics_listen=127.0.0.1:0 --http_listen=127.0.0.1:0 --data_dir=data 2>server.log &
server_pid=$!
for _ in $(seq 100); do grep -q 'msg="minhbachd started"' server.log 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*msg="minhbachd started".* port=\([0-9]*\).*/\1/p' server.log)
[ -n "$port" ] || { echo "FAIL: the server did not start"; cat server.log; exit 1; }
export MINHBACH_SERVER=127.0.0.1:$port
m() { "$client_bin" --lang=en "$@"; }  # the English result lines, asserted below

m append ext/notes NoteRecorded "first note" | contains "appended at position 0"
m append ext/notes NoteRecorded "second" --expect=0 | contains "position 1"
m read | contains '"second"'
m read --json --limit=1 | contains '"event_type":"NoteRecorded"'
m checkpoint --role=supervisor > head.txt
cp data/log.pub log.pub
m append ext/notes NoteRecorded "third" >/dev/null
m consistency --role=supervisor --trusted=head.txt --log_key=log.pub --save | contains "extends your saved head of 2 events"
grep -q "^3$" head.txt  # the new head was saved

expect_exit() {  # expect_exit CODE PATTERN command...
  local want=$1 pattern=$2; shift 2
  set +e; out=$("$@" 2>&1); local got=$?; set -e
  [ "$got" = "$want" ] || { echo "FAIL: '$*' exited $got, want $want: $out"; exit 1; }
  grep -q -- "$pattern" <<<"$out" || { echo "FAIL: '$*' said '$out', want '$pattern'"; exit 1; }
}
expect_exit 2 "ABORTED: stream 'ext/notes' is at version 2" m append ext/notes NoteRecorded x --expect=0
expect_exit 2 "PERMISSION_DENIED" m read --role=village
expect_exit 2 "UNAUTHENTICATED" m read --token=mbt_not-a-token
# A saved head the server's key did not sign is refused before anything else.
sed -i '2s/.*/99/' head.txt
expect_exit 2 "" m consistency --role=supervisor --trusted=head.txt --log_key=log.pub
kill -TERM "$server_pid"; wait "$server_pid"; server_pid=
grep -q 'msg="minhbachd stopped" events=3' server.log
expect_exit 2 "UNAVAILABLE" m read
echo "client walkthrough: 1 passed, 0 failed"
