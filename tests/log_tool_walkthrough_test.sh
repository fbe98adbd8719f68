#!/usr/bin/env bash
# The README's auditor walkthrough, run for real: save a signed head, append
# more, check a consistency proof against the saved head with the public key;
# then forged inputs must be refused.
set -euo pipefail
# Reads all of its input before matching: "grep -q" would stop at the first
# match and, under pipefail, fail the test when the writer gets SIGPIPE.
contains() { local out; out=$(cat); grep -q -- "$1" <<<"$out"; }
tool=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$tool" demo data --events=20 >/dev/null
"$tool" checkpoint data --key=log.key >head-1.txt 2>/dev/null
"$tool" public-key --key=log.key >log.pub
"$tool" demo data --events=15 >/dev/null
"$tool" checkpoint data --key=log.key >head-2.txt
"$tool" consistency-proof data --old_size=20 >proof.txt
"$tool" check-consistency --log_key=log.pub --old=head-1.txt --new=head-2.txt --proof=proof.txt \
  | contains "extends the saved head of 20 events"
"$tool" verify data --checkpoint=head-1.txt --log_key=log.pub | contains "^OK: all 35 events"

expect_exit() {  # expect_exit CODE command...
  local want=$1; shift
  set +e; "$@" >/dev/null 2>&1; local got=$?; set -e
  if [ "$got" != "$want" ]; then echo "FAIL: '$*' exited $got, want $want"; exit 1; fi
}
# A proof element changed: refused.
sed '2s/^./A/' proof.txt >bad-proof.txt
cmp -s proof.txt bad-proof.txt && sed -i '2s/^./B/' bad-proof.txt
expect_exit 1 "$tool" check-consistency --log_key=log.pub --old=head-1.txt --new=head-2.txt --proof=bad-proof.txt
# A head whose size was edited: its signature no longer verifies.
sed '2s/20/21/' head-1.txt >forged-head.txt
expect_exit 2 "$tool" check-consistency --log_key=log.pub --old=forged-head.txt --new=head-2.txt --proof=proof.txt
# A head signed by another key: refused.
"$tool" checkpoint data --key=other.key --key_name=someone.else/log >other-head.txt 2>/dev/null
expect_exit 2 "$tool" check-consistency --log_key=log.pub --old=head-1.txt --new=other-head.txt --proof=proof.txt
# Not a log, and bad usage: clear errors, exit 2.
expect_exit 2 "$tool" verify "$work/nowhere"
expect_exit 2 "$tool" frobnicate data
echo "walkthrough: 1 passed, 0 failed"
