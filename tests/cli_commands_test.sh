#!/usr/bin/env bash
# Issue 12: the minhbach client records every command of the program, helps
# and corrects its user, against a real minhbachd. One case per defect:
#   cli_commands_test.sh SERVER CLIENT CASE
# CASE: Issue12_HelpPrintsGlobalUsageAndExits1, Issue12_NoDidYouMean,
#       Issue12_RecordingNeedsHandWrittenJson, Issue12_RetryWritesAgainOrFails,
#       Issue12_AmountsAndDatesAsPeopleWriteThem
set -euo pipefail
server_bin=$1
client_bin=$2
case_name=$3
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL ($case_name): $*"; exit 1; }

start_server() {
  "$server_bin" --listen=127.0.0.1:0 --metrics_listen=127.0.0.1:0 --http_listen=127.0.0.1:0 --data_dir=data 2>server.log &
  server_pid=$!
  for _ in $(seq 100); do grep -q 'msg="minhbachd started"' server.log 2>/dev/null && break; sleep 0.1; done
  local port
  port=$(sed -n 's/.*msg="minhbachd started".* port=\([0-9]*\).*/\1/p' server.log)
  [ -n "$port" ] || { cat server.log; fail "the server did not start"; }
  export MINHBACH_SERVER=127.0.0.1:$port
}
m() { "$client_bin" "$@"; }

# run CODE PATTERN command...: the command exits CODE and says PATTERN (grep -E).
run() {
  local want=$1 pattern=$2; shift 2
  set +e; out=$("$@" 2>&1); local got=$?; set -e
  [ "$got" = "$want" ] || fail "'$*' exited $got, want $want: $out"
  grep -qE -- "$pattern" <<<"$out" || fail "'$*' said '$out', want /$pattern/"
}

# The number of events in the log.
log_size() { m read --json --limit=100000 | wc -l; }

views=(status subproject report timeline assignment supervision finance replay checkpoint
  consistency verify witness backup import export append read tail)
verbs=("plan issue" "plan target" "plan revise-target" "plan subproject" "plan village"
  "assignment make" "assignment accept" "assignment progress" "assignment due-date"
  "assignment reassign" "assignment complete" "assignment cancel"
  "finance allocate" "finance disburse" "finance reverse"
  "report submit" "report approve" "report return" "report consolidate" "report send"
  "report accept" "report return-commune" "report reopen"
  "supervision plan" "supervision inspect" "supervision finding" "supervision recommend"
  "supervision respond" "supervision resolve" "supervision close-finding" "supervision close")

help_case() {
  run 0 "minhbach status" m help
  run 0 "the command-line client" m help --lang=en
  for name in "${views[@]}" "${verbs[@]}"; do
    # shellcheck disable=SC2086
    run 0 "^minhbach $name: " m help $name
    grep -qE "^  minhbach $name" <<<"$out" || fail "'help $name' shows no usage: $out"
    grep -q "^Cách dùng:" <<<"$out" || fail "'help $name' is not in Vietnamese: $out"
    grep -q "^Ví dụ:" <<<"$out" || fail "'help $name' gives no example: $out"
    # shellcheck disable=SC2086
    run 0 "^minhbach $name: " m $name --help
    # shellcheck disable=SC2086
    run 0 "Mã thoát: 0" m $name -h
    # shellcheck disable=SC2086
    run 0 "Usage:" m $name --help --lang=en
    # Our help, not Abseil's: no source paths, no other command's flags.
    # shellcheck disable=SC2086
    if m $name --helpfull | grep -qE '\.cc|absl|--witness_key.*--proofs'; then
      fail "'$name --helpfull' prints the global help"
    fi
  done
  run 0 "Ví dụ:" m help assignment make
  run 0 "Example:" m assignment make --help --lang=en
  run 0 "minhbach plan issue" m help plan
}

did_you_mean_case() {
  run 2 'ý bạn là `minhbach status`' m statsu
  run 2 'did you mean `minhbach status`' m statsu --lang=en
  run 2 'ý bạn là `assignment make`' m assignment mkae DA3-TDA3
  run 2 "ý bạn là --as-of\?" m status --as-off=2024-06-30
  run 2 "did you mean --as-of\?" m status --as-off=2024-06-30 --lang=en
  for name in "${views[@]}" "${verbs[@]}"; do
    # shellcheck disable=SC2086
    run 2 "ý bạn là --timeout\?" m $name --timeuot=5
  done
  for name in "${verbs[@]}"; do
    # shellcheck disable=SC2086
    run 2 "ý bạn là --request-id\?" m $name --reqest-id=r1
  done
  run 2 "ý bạn là --amount\?" m finance disburse DA3-TDA3 --amout=5
  run 2 'lệnh `finance` không nhận cờ --amount' m finance DA3-TDA3 --amount=5
  run 2 "coordinator, implementer, village, supervisor, district, service, admin" \
    m status --role=chairman
  run 2 "ý bạn là village\?" m status --role=vilage:thon-2
  run 2 "thiếu SUB-PROJECT" m finance
  run 2 "give the SUB-PROJECT" m subproject --lang=en
  run 2 "thiếu TARGET" m report
  run 2 "thiếu ID" m assignment accept
  run 2 "thiếu DISBURSEMENT-ID" m finance reverse DA3-TDA3
  run 2 "plan issue\|target" m plan
  run 0 "plan issue" m help plan
}

# Records one command and checks the answer names the stream and position.
rec() {
  run 0 "vào luồng [^ ]+, vị trí [0-9]+ \(phiên bản [0-9]+" m "$@"
}

record_year() {
  rec plan issue lien-chung-2024 --document-number=45/KH-UBND --issued-date=15/03/2024 \
    --issuer="UBND xã Liên Chung" --legal-basis="Kế hoạch số 41/KH-UBND" \
    --title="Kế hoạch giảm nghèo 2024"
  rec plan subproject DA3-TDA3 --name="Hỗ trợ việc làm bền vững" --funding-source=central-budget \
    --lead=ldtbxh --deadline=2024-12-31 --business-date=2024-03-15
  rec plan village thon-1 --name="Thôn 1" --business-date=2024-03-15
  rec plan target insured --description="Người dân có BHYT" --direction=at-least \
    --value="95 %" --numerator=95 --denominator=100 --business-date=2024-03-15
  rec plan revise-target insured --description="Người dân có BHYT" --direction=at-least \
    --value="96 %" --numerator=96 --denominator=100 --reason="Huyện giao lại" \
    --business-date=2024-04-01
  run 0 "phân bổ ngân sách \(alloc-1, tiểu dự án DA3-TDA3, số tiền 263\.500\.000 đ\).*vị trí [0-9]+" \
    m finance allocate DA3-TDA3 --id=alloc-1 --amount=263.500.000 --fiscal-year=2024 \
    --source=central-budget --decision=123/QĐ-UBND --business-date=2024-04-01
  rec finance disburse DA3-TDA3 --id=D-1 --allocation=alloc-1 --amount=100,000,000 \
    --date-paid=15/07/2024 --voucher=PC-2024-015
  rec finance reverse DA3-TDA3 D-1 --reason="Ghi nhầm số tiền" --business-date=2024-07-16
  rec assignment make DA3-TDA3 --id=A-1 --lead=ldtbxh --due=30/09/2024 \
    --description="Tư vấn việc làm" --business-date=2024-04-02
  rec assignment reassign A-1 --lead=vhxh --reason="Đổi người phụ trách" --business-date=2024-04-03
  rec assignment accept A-1 --by=vhxh --business-date=2024-04-04
  rec assignment progress A-1 --text="Đã tư vấn 12 hộ" --quantity=12 --evidence=BB-01 \
    --business-date=2024-05-01
  rec assignment due-date A-1 --due=31/10/2024 --reason="Chờ kinh phí" --business-date=2024-09-01
  rec assignment complete A-1 --summary="Đã tư vấn 40 hộ" --business-date=2024-10-15
  rec assignment make DA3-TDA3 --id=A-2 --lead=ldtbxh --due=2024-11-30 --description="Trùng" \
    --business-date=2024-05-01
  rec assignment cancel A-2 --reason="Trùng với A-1" --business-date=2024-05-02
  rec report submit 2024-H1 --village=thon-1 --values=insured:400/430 --business-date=2024-06-20
  rec report return 2024-H1 --village=thon-1 --reason="Thiếu số hộ" --business-date=2024-06-21
  rec report submit 2024-H1 --village=thon-1 --values=insured:412/430 --business-date=2024-06-22
  rec report approve 2024-H1 --village=thon-1 --business-date=2024-06-23
  rec report consolidate 2024-H1 --business-date=2024-06-25
  rec report send 2024-H1 --business-date=2024-06-26
  rec report return-commune 2024-H1 --reason="Thiếu chữ ký" --business-date=2024-06-28
  rec report consolidate 2024-H1 --business-date=2024-06-29
  rec report send 2024-H1 --business-date=2024-06-29
  rec report accept 2024-H1 --by="Phòng LĐ-TB&XH huyện" --business-date=2024-07-05
  rec report reopen 2024-H1 --reason="Thôn 1 sửa số hộ" --business-date=2024-07-10
  rec supervision plan --id=GS-2024-01 --body="UBMTTQ xã" --scope="Giải ngân DA3-TDA3" \
    --date=20/08/2024
  rec supervision inspect GS-2024-01 --date=22/08/2024 --participants="UBMTTQ xã,Hội Nông dân"
  rec supervision finding GS-2024-01 --finding=F-01 --subject=DA3-TDA3 --severity=medium \
    --description="Chứng từ thiếu chữ ký" --business-date=2024-08-22
  rec supervision recommend GS-2024-01 --finding=F-01 --recommendation=KN-01 \
    --text="Bổ sung chữ ký" --unit=vhxh --due=30/09/2024 --business-date=2024-08-23
  rec supervision respond GS-2024-01 --recommendation=KN-01 --by=vhxh --text="Đã bổ sung" \
    --role=implementer --business-date=2024-09-10
  rec supervision resolve GS-2024-01 --finding=F-01 --by="UBMTTQ xã" --business-date=2024-09-15
  rec supervision finding GS-2024-01 --finding=F-02 --subject=DA3-TDA3 --severity=low \
    --description="Sổ theo dõi chưa cập nhật" --business-date=2024-08-22
  rec supervision close-finding GS-2024-01 --finding=F-02 --by="UBMTTQ xã" \
    --reason="Chuyển sang kỳ sau" --business-date=2024-09-20
  rec supervision close GS-2024-01 --by="UBMTTQ xã" --summary="Kết luận giám sát" \
    --business-date=2024-09-30
}

recording_case() {
  start_server
  record_year
  # The answer in English, and as JSON.
  run 0 "Recorded supervision plan \(GS-2024-02, date 2024-10-01\) in stream [^ ]+ at position [0-9]+" \
    m supervision plan --id=GS-2024-02 --body="UBMTTQ xã" --scope="Hộ nghèo" --date=2024-10-01 \
    --lang=en
  json=$(m finance disburse DA3-TDA3 --id=D-2 --allocation=alloc-1 --amount=263500000 \
    --date-paid=2024-08-01 --voucher=PC-2024-016 --json)
  for field in '"outcome":"recorded"' '"stream":"program/budget/DA3-TDA3"' '"position":[0-9]+' \
    '"stream_version":[0-9]+' '"disbursement_id":"D-2"' '"amount_dong":263500000'; do
    grep -qE "$field" <<<"$json" || fail "the JSON answer lacks $field: $json"
  done
  # The allocation is spent: the server's rule, with our lead-in, exit 2.
  run 2 "máy chủ từ chối, không ghi gì: quy tắc không cho phép — FAILED_PRECONDITION" \
    m finance disburse DA3-TDA3 --id=D-3 --allocation=alloc-1 --amount=1 \
    --date-paid=2024-08-02 --voucher=PC-2024-017
  # What was recorded is what the views show.
  run 0 "A-1" m assignment A-1
  m finance DA3-TDA3 --json | grep -q '"D-1"' || fail "finance DA3-TDA3 lacks D-1"
  m report insured --period=2024-H1 --json | grep -q '"numerator":"412"' ||
    fail "report insured lacks thôn 1's corrected 412 of 430"
}

retry_case() {
  start_server
  rec plan issue lien-chung-2024 --document-number=45/KH-UBND --issued-date=2024-03-15 \
    --issuer="UBND xã" --legal-basis="KH 41" --title="Kế hoạch"
  rec plan subproject DA3-TDA3 --name="Việc làm" --funding-source=central-budget --lead=ldtbxh \
    --business-date=2024-03-15
  make=(assignment make DA3-TDA3 --lead=ldtbxh --due=2024-09-30 --description="Tư vấn"
    --business-date=2024-04-02 --request-id=phan-cong-1)
  run 0 "Đã ghi phân công \(DA3-TDA3-[0-9A-F]{8}," m "${make[@]}"
  id=$(m "${make[@]}" --json | sed -n 's/.*"assignment_id":"\([^"]*\)".*/\1/p')
  [ -n "$id" ] || fail "no assignment id in the JSON answer"
  before=$(log_size)
  # The same invocation again: harmless, the same generated id, nothing written.
  run 0 "Đã ghi từ trước: phân công \($id,.*vị trí [0-9]+\. Lần này không ghi thêm gì" m "${make[@]}"
  run 0 '"outcome":"duplicate"' m "${make[@]}" --json
  run 0 "Already recorded" m "${make[@]}" --lang=en
  [ "$(log_size)" = "$before" ] || fail "a retry wrote to the log ($before -> $(log_size))"
  # The request id reused for other content: the server's ALREADY_EXISTS.
  run 2 "máy chủ từ chối, không ghi gì: đã có — ALREADY_EXISTS" \
    m assignment make DA3-TDA3 --lead=ldtbxh --due=2024-10-31 --description="Tư vấn" \
    --business-date=2024-04-02 --request-id=phan-cong-1
  [ "$(log_size)" = "$before" ] || fail "a reused request id wrote to the log"
  # Without --request-id each run is a new assignment.
  run 0 "Đã ghi phân công" m assignment make DA3-TDA3 --lead=ldtbxh --due=2024-09-30 \
    --description="Tư vấn" --business-date=2024-04-02
  [ "$(log_size)" = "$((before + 1))" ] || fail "a new command did not write one event"
}

amounts_case() {
  start_server
  rec plan issue lien-chung-2024 --document-number=45/KH-UBND --issued-date=2024-03-15 \
    --issuer="UBND xã" --legal-basis="KH 41" --title="Kế hoạch"
  rec plan subproject DA3-TDA3 --name="Việc làm" --funding-source=central-budget --lead=ldtbxh \
    --business-date=2024-03-15
  for amount in 263.500.000 263,500,000 263500000; do
    run 0 "số tiền 263\.500\.000 đ" m finance allocate DA3-TDA3 --amount=$amount \
      --fiscal-year=2024 --source=central-budget --decision="QĐ-$amount" --business-date=2024-04-01
  done
  run 0 "amount 263,500,000 VND" m finance allocate DA3-TDA3 --amount=263500000 \
    --fiscal-year=2024 --source=central-budget --decision=QD-en --business-date=2024-04-01 --lang=en
  # The largest amount the server takes, in JSON as an integer of đồng.
  run 0 '"amount_dong":1000000000000000[,}]' m finance allocate DA3-TDA3 --id='NS "lớn"' \
    --amount=1.000.000.000.000.000 --fiscal-year=2024 --source=central-budget --decision=QD-max \
    --business-date=2024-04-01 --json
  grep -qF '"allocation_id":"NS \"lớn\""' <<<"$out" || fail "JSON string not escaped: $out"
  for amount in -5 1.5 263.500,000 26.35.00 0 "" 12a 1e9 99999999999999999999 1.000.000.000.000.001; do
    run 2 "--amount=.*số đồng nguyên, từ 1 đến 1.000.000.000.000.000|thiếu --amount" m finance allocate DA3-TDA3 \
      --amount="$amount" --fiscal-year=2024 --source=central-budget --decision=QD-x
  done
  run 2 "a whole number of đồng from 1 to 10.15" m finance allocate DA3-TDA3 --amount=1.5 \
    --fiscal-year=2024 --source=central-budget --decision=QD-x --lang=en
  for date in 2024-7-15 31/02/2024 15.07.2024 2024/07/15 tomorrow; do
    run 2 "--date-paid=.*YYYY-MM-DD hoặc dd/mm/yyyy" m finance disburse DA3-TDA3 \
      --allocation=x --amount=1 --voucher=PC-1 --date-paid="$date"
  done
  run 2 "thiếu --voucher" m finance disburse DA3-TDA3 --allocation=x --amount=1 --date-paid=2024-07-15
}

case "$case_name" in
  Issue12_HelpPrintsGlobalUsageAndExits1) help_case ;;
  Issue12_NoDidYouMean) did_you_mean_case ;;
  Issue12_RecordingNeedsHandWrittenJson) recording_case ;;
  Issue12_RetryWritesAgainOrFails) retry_case ;;
  Issue12_AmountsAndDatesAsPeopleWriteThem) amounts_case ;;
  *) fail "unknown case" ;;
esac
echo "$case_name: passed"
