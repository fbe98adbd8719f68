#!/usr/bin/env bash
# The README's first command, minus the build: minhbachd on a fresh data
# directory, the seed plan and the demo imported through the public API
# (twice: the second import writes nothing), the dashboard now and as of a
# past date, and the same numbers after the projections are rebuilt.
set -euo pipefail
# Reads all of its input before matching: "grep -q" would stop at the first
# match and, under pipefail, fail the test when the writer gets SIGPIPE.
contains() { local out; out=$(cat); grep -q -- "$1" <<<"$out"; }
server_bin=$1
client_bin=$2
seed_dir=$3
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"

start() {  # start [minhbachd flags...]
  : > server.log
  "$server_bin" --listen=127.0.0.1:0 --metrics_listen= --http_listen= --data_dir=data "$@" 2>server.log &
  server_pid=$!
  for _ in $(seq 100); do grep -q 'msg="minhbachd started"' server.log 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/.*msg="minhbachd started".* port=\([0-9]*\).*/\1/p' server.log)
  [ -n "$port" ] || { echo "FAIL: the server did not start"; cat server.log; exit 1; }
  export MINHBACH_SERVER=127.0.0.1:$port
}
stop() { kill -TERM "$server_pid"; wait "$server_pid"; server_pid=; }
m() { "$client_bin" --client_tokens=data/client-tokens "$@"; }
fail() { echo "FAIL: $*"; exit 1; }
expect_exit() {  # expect_exit CODE PATTERN command...
  local want=$1 pattern=$2; shift 2
  set +e; out=$("$@" 2>&1); local got=$?; set -e
  [ "$got" = "$want" ] || fail "'$*' exited $got, want $want: $out"
  grep -q -- "$pattern" <<<"$out" || fail "'$*' said '$out', want '$pattern'"
}

start
m import "$seed_dir/lien-chung-2024.plan.json" "$seed_dir/demo-activity.json" > import.txt
grep -q "lien-chung-2024.plan.json: ghi mới 22, đã có từ trước 0" import.txt || fail "$(cat import.txt)"
grep -q "demo-activity.json: ghi mới 67, đã có từ trước 0" import.txt || fail "$(cat import.txt)"
m import "$seed_dir/lien-chung-2024.plan.json" "$seed_dir/demo-activity.json" > again.txt
grep -q "demo-activity.json: ghi mới 0, đã có từ trước 67" again.txt || fail "$(cat again.txt)"
# Read our own writes: status waits until the projections hold what the import wrote.
end=$(sed -n 's/.*demo-activity.json: .* --min-position=\([0-9]*\) sẽ bao gồm chúng$/\1/p' import.txt)
[ "$end" = 89 ] || fail "the import names no end position: $(cat import.txt)"

check_dashboard() {
  m status --role=district --reference_date=2024-11-30 --min-position="$end" > status.txt
  grep -q "· 89/89 sự kiện" status.txt || fail "$(cat status.txt)"
  grep -q "263.500.000 đ trên 510.000.000 đ = 51,7 %" status.txt || fail "$(cat status.txt)"
  grep -q "60.000.000 đ trên 60.000.000 đ đến 30/06/2024: đạt" status.txt || fail "$(cat status.txt)"
  grep -q "QUÁ HẠN DA7-TDA2-01 (DA7-TDA2) hạn 15/11/2024, trễ 15 ngày" status.txt || fail "$(cat status.txt)"
  grep -q "Tiểu dự án chưa phân công: DA3-TDA1" status.txt || fail "$(cat status.txt)"
  grep -q "QUÁ HẠN GS-2024-01/F-02 về DA6-TDA2 (thấp): kiến nghị KN-02" status.txt || fail "$(cat status.txt)"
}
check_dashboard
m status --role=supervisor --json | contains '"plan_id":"lien-chung-2024"' || fail "status --json"
# What had happened by 30 June 2024: less money out, nothing overdue yet.
m status --role=supervisor --as-of 2024-06-30 > june.txt
grep -q "hạn được xét vào ngày 30/06/2024" june.txt || fail "$(cat june.txt)"
if grep -q "263.500.000" june.txt; then fail "as of 2024-06-30 shows the year's total"; fi
# What the records said: nothing yet at the end of 30 June 2024 (all was
# recorded today), then the plan alone, at the moment its 22nd event was recorded.
m status --role=supervisor --as-recorded=2024-06-30 | contains "Theo sổ ghi lúc 30/06/2024 23:59:59 · hạn được xét vào ngày 30/06/2024 · 0/89 sự kiện" || fail "as recorded 2024-06-30"
micros=$(m read --role=supervisor --from=21 --limit=1 --json | sed -n 's/.*"recorded_time_micros":"\([0-9]*\)".*/\1/p')
[ -n "$micros" ] || fail "read --json shows no recorded time for position 21"
at=$(date -u -d "@${micros:0:-6}.${micros: -6}" +%Y-%m-%dT%H:%M:%S.%6NZ)
m status --role=supervisor --as-recorded "$at" | contains "· 22/89 sự kiện" || fail "as recorded $at"
expect_exit 2 "chỉ cho một trong --as-of" m status --as-of=2024-06-30 --as-recorded=2024-06-30
expect_exit 2 'is not registered in the plan as of 0 of 89 events' m subproject DA6-TDA2 --role=supervisor --as-recorded=2024-09-30
expect_exit 2 'is not registered in the plan by the end of 2023-12-31' m subproject DA6-TDA2 --role=supervisor --as-of=2023-12-31
# The plan alone, as the records stood after its 22 events.
m status --role=supervisor --as-of-position=22 | contains "^Đã giải ngân: *0 đ trên 0 đ" || fail "as of 22"

# The raw stream reads as people read: each payload decoded.
m read --role=supervisor --stream=program/budget/DA3-TDA3 --limit=1 | contains '"allocation_id":"NS2023-01"' || fail "read"
# The auditor's commands on the demo data.
m timeline --role=supervisor --entity=DA3-TDA3 --kind=disbursement --proofs --log_key=data/log.pub > timeline.txt
grep -q "4 sự kiện, mỗi sự kiện đã được chứng minh có trong đầu nhật ký đã ký" timeline.txt || fail "$(cat timeline.txt)"
grep -q "CT-011" timeline.txt || fail "$(cat timeline.txt)"
[ "$(m timeline --role=supervisor --kind=DueDateChanged --json | grep -c '"reason":')" = 1 ] || fail "timeline --json"
m verify --role=supervisor --trusted=head.txt --log_key=data/log.pub --all | contains "cả 89 sự kiện băm lại tại đây dựng lại đúng gốc đã ký" || fail "verify"
# One sub-project, one target, and the timelines of an assignment, a
# sub-project's money and a supervision; each in text and in JSON.
m subproject DA3-TDA3 --role=district > sp.txt
grep -q "Đã giải ngân: *130.000.000 đ trên 210.000.000 đ = 61,9 %" sp.txt || fail "$(cat sp.txt)"
m subproject DA3-TDA1 --role=district --json | contains '"state":"no assignment"' || fail "subproject --json"
m report dim-health --period=2024-H2 --role=district > report.txt
grep -q "Chưa báo cáo: *thon-3, thon-4" report.txt || fail "$(cat report.txt)"
m report dim-health --period=2024-H1 --role=district --json | contains '"assessment":"not met"' || fail "report --json"
m finance DA7-TDA1 --role=supervisor > finance.txt
grep -q "Hủy bút toán giải ngân" finance.txt && grep -q "^5 sự kiện" finance.txt || fail "$(cat finance.txt)"
m assignment DA3-TDA3-01 --role=supervisor --json | contains '"event_type":"AssignmentDueDateChanged"' || fail "assignment --json"
m supervision GS-2024-01 --role=supervisor | contains "Kết luận đã khắc phục" || fail "supervision"
m supervision GS-2024-01 --role=supervisor --json | contains '"event_type":"RecommendationIssued"' || fail "supervision --json"
m finance DA7-TDA1 --role=supervisor --json | contains '"reason":' || fail "finance --json"
m verify --role=supervisor --trusted=head-json.txt --log_key=data/log.pub --json | contains '"verified":true' || fail "verify --json"

# Replay: the raw events, their root checked against the signed head, folded
# here into the dashboard the server's projection gives for the same point.
m replay --role=supervisor --as_of_position=60 --status --reference_date=2024-11-30 --log_key=data/log.pub > replayed.txt
grep -q "đã phát lại 60 sự kiện; chúng dựng lại đúng gốc nhật ký ký ở 60" replayed.txt || fail "$(cat replayed.txt)"
m status --role=supervisor --as_of_position=60 --reference_date=2024-11-30 > at60.txt
[ "$(grep '^Đã giải ngân' replayed.txt)" = "$(grep '^Đã giải ngân' at60.txt)" ] || fail "replay and status disagree: $(grep '^Đã giải ngân' replayed.txt at60.txt)"
[ "$(grep '^DA' replayed.txt)" = "$(grep '^DA' at60.txt)" ] || fail "replay and status disagree on the sub-projects"
m replay --role=supervisor --entity=CT-003 | contains "^2 sự kiện" || fail "replay --entity"
[ "$(m replay --role=supervisor --entity=CT-003 --json | grep -c '"raw_record"\|"event_type"')" = 2 ] || fail "replay --json"

# Connection settings from a config file (the environment is cleared so the file speaks).
printf '# the auditor\nserver = 127.0.0.1:%s\nrole = district\nclient_tokens = data/client-tokens\n' "$port" > client.conf
MINHBACH_SERVER= "$client_bin" --config=client.conf status | contains "263.500.000" || fail "config file"
printf 'server 127.0.0.1\n' > bad.conf
expect_exit 2 "bad.conf: config line 1: expected 'key = value'" "$client_bin" --config=bad.conf status

# Exports for Excel: CSV with a byte-order mark, and a workbook.
m export status --role=district --out=status.csv | contains "đã ghi 6 dòng" || fail "export csv"
[ "$(head -c 3 status.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no byte-order mark"
grep -q "^Tiểu dự án,Tên,Trạng thái" status.csv || fail "$(cat status.csv)"
grep -q '^DA3-TDA3,.*,210000000,130000000,"61,9 %"' status.csv || fail "$(cat status.csv)"
# 16: its registration, 2 allocations, 4 payments, its assignment's 5 events,
# finding F-01 with its recommendation, response and resolution.
m export timeline --role=supervisor --entity=DA3-TDA3 --out=timeline.xlsx | contains "đã ghi 16 dòng" || fail "export xlsx"
# An export is the whole timeline (a page on screen is 20); a cut one says so.
m export timeline --role=supervisor --out=all.csv | contains "đã ghi 89 dòng" || fail "export of the whole timeline"
expect_exit 0 "CHƯA ĐỦ: chỉ 5 sự kiện đầu" m export timeline --role=supervisor --limit=5 --out=five.csv
grep -q "CHƯA ĐỦ" five.csv || fail "the cut export does not say so: $(head -12 five.csv)"
[ "$(head -c 2 timeline.xlsx)" = PK ] || fail "timeline.xlsx is not a workbook"

# Rebuilt from position 0: the same dashboard.
stop
start --rebuild_projections
grep -q "projections resume at position 0 of 89" server.log || fail "no rebuild: $(cat server.log)"
check_dashboard
# Finding 14: a position beyond the log is refused at once, not waited for.
expect_exit 2 "min_position 90 is beyond the log, which holds 89 events" m status --min-position=90
# A refused step and a file that is not an import: one clear line each, exit 2.
echo '{"steps":[{"key":"again","setTarget":{"body":{"planId":"lien-chung-2024","targetId":"dim-health","description":"d","direction":"at-least","valueText":"1","numeratorTarget":"1","denominatorTarget":"1"}}}]}' > again.json
expect_exit 2 'step 1 of 1 (key "again", as coordinator) was refused: đã có — ALREADY_EXISTS: target "dim-health" is already set' m import again.json
echo '{"steps": [' > broken.json
expect_exit 2 "the import file is not a ProgramImport in JSON" m import broken.json

# Issue 12: the plan as its source states it, and the rules the domain now
# enforces, through the services that give it what lies beyond one aggregate
# (the plan's date and villages, the allocation's date, other sub-projects'
# vouchers, the clock's day). Last, since the steps that pass add events.
m status --role=district | contains "Ban hành: tháng 03/2024 (văn bản không ghi ngày); ký: KT. Chủ tịch, Phó Chủ tịch Nguyễn Văn Nam" || fail "plan's issue"
m report merit-new-poor --role=district --json | contains '"kind":"count"' || fail "merit-new-poor is not a count"
m report dim-health --role=district --json | contains '"unit":"người"' || fail "dim-health has no unit"
m subproject DA3-TDA3 --role=district --json | contains '"project_name":"Dự án 3: Phát triển giáo dục nghề nghiệp, việc làm bền vững"' || fail "project name"
step() {  # step KEY COMMAND-JSON: a one-step import file, rule12.json
  printf '{"steps":[{"key":"%s",%s}]}' "$1" "$2" > rule12.json
}
pay() {  # pay KEY SUB-PROJECT ALLOCATION DATE VOUCHER
  step "$1" "\"recordDisbursement\":{\"body\":{\"subprojectId\":\"$2\",\"disbursementId\":\"$1\",\"allocationId\":\"$3\",\"amountDong\":\"1000\",\"datePaid\":\"$4\",\"voucherNumber\":\"$5\"}}"
}
pay Issue12_VoucherReusedAcrossSubProjects DA6-TDA1 NS2024-02 2024-11-01 "PC-020/2024 (minh họa)"
expect_exit 2 "used once per fiscal year across the commune" m import rule12.json
pay Issue12_DisbursementBeforeAllocation DA6-TDA1 NS2024-02 2024-04-10 PC-900
expect_exit 2 "no disbursement before its allocation" m import rule12.json
pay Issue12_DisbursementIn1999 DA6-TDA1 NS2024-02 1999-11-01 PC-901
expect_exit 2 "the date the command states 1999-11-01 is before the program began (2021-01-01)" m import rule12.json
pay Issue12_DisbursementInTheFuture DA6-TDA1 NS2024-02 2099-01-01 PC-902
expect_exit 2 "the date the command states 2099-01-01 is after today" m import rule12.json
step Issue12_EarlyAllocation '"allocateBudget":{"meta":{"businessDate":"2024-02-01"},"body":{"subprojectId":"DA3-TDA1","allocationId":"EARLY","source":"central-budget","fiscalYear":2024,"amountDong":"5000","decisionNumber":"1/QĐ"}}'
m import rule12.json > /dev/null
pay Issue12_DisbursementBeforeThePlan DA3-TDA1 EARLY 2024-02-15 PC-903
expect_exit 2 "no disbursement before the plan" m import rule12.json
step Issue12_DueDateBeforeAssignment '"makeAssignment":{"meta":{"businessDate":"2024-05-02"},"body":{"assignmentId":"X-1","subprojectId":"DA3-TDA1","leadUnits":["ldtbxh"],"dueDate":"2024-05-01","description":"d"}}'
expect_exit 2 "a due date is never before its assignment" m import rule12.json
step Issue12_ShareAboveItsWhole '"submitVillageReport":{"body":{"period":"2024","villageId":"thon-1","values":[{"targetId":"dim-health","numerator":"61","denominator":"60"}]}}'
expect_exit 2 "a share's part is never more than its whole" m import rule12.json
step Issue12_QuarterPeriod '"submitVillageReport":{"body":{"period":"2024-Q3","villageId":"thon-1","values":[{"targetId":"dim-health","numerator":"1","denominator":"2"}]}}'
expect_exit 2 'Thông tư 10/2022/TT-BLĐTBXH: "YYYY-H1"' m import rule12.json
step Issue12_ApproveH2 '"approveVillageReport":{"body":{"period":"2024-H2","villageId":"thon-1"}}'
m import rule12.json > /dev/null
step Issue12_ConsolidateWithVillagesMissing '"consolidateCommuneReport":{"body":{"period":"2024-H2"}}'
expect_exit 2 "village(s) thon-2, thon-3, thon-4 have not reported" m import rule12.json
step Issue12_BlankPartialReason '"consolidateCommuneReport":{"body":{"period":"2024-H2","partial":true,"partialReason":"   "}}'
expect_exit 2 "partial_reason must not be blank" m import rule12.json
step Issue12_PartialConsolidation '"consolidateCommuneReport":{"body":{"period":"2024-H2","partial":true,"partialReason":"thôn 2, 3, 4 chưa nộp (minh họa)"}}'
m import rule12.json > /dev/null
m status --role=district | contains "Báo cáo xã kỳ 2024-H2 tổng hợp chưa đủ thôn: thiếu thon-2, thon-3, thon-4; lý do: thôn 2, 3, 4 chưa nộp (minh họa)" || fail "partial consolidation not on the dashboard: $(m status --role=district)"
m report dim-health --period=2024-H2 --role=district | contains "Tổng hợp chưa đủ: *thiếu thon-2, thon-3, thon-4; lý do: thôn 2, 3, 4 chưa nộp (minh họa)" || fail "partial consolidation not on the report"
echo "seed walkthrough: 1 passed, 0 failed"
