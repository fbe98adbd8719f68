#!/usr/bin/env bash
# Issue 12, "what must be shown": a year of the commune's program recorded
# only through the client's commands (no JSON import) against a real
# minhbachd, then the read views checked against values computed by hand.
#   cli_year_test.sh SERVER CLIENT
set -euo pipefail
server_bin=$1
client_bin=$2
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
fail() { echo "FAIL (year): $*"; exit 1; }

# One token per unit that acts: the three villages each report for themselves.
token() { echo "mbt_year-$1"; }
hash() { printf %s "$(token "$1")" | sha256sum | cut -d' ' -f1; }
{
  echo "coordinator ubnd $(hash coordinator)"
  echo "implementer vhxh $(hash vhxh) vhxh"
  for v in 1 2 3; do echo "village thon-$v $(hash thon-$v) thon-$v"; done
  echo "supervisor mttq $(hash supervisor)"
  echo "district phong-ldtbxh $(hash district)"
  echo "service reader $(hash service) ext/"
} > tokens
{
  for role in coordinator supervisor district service; do echo "$role $(token $role)"; done
  echo "implementer $(token vhxh)"
  echo "village $(token thon-1)"
  # A unit's own line: `report submit --village=thon-3` takes it without --token.
  echo "village:thon-3 $(token thon-3)"
} > client-tokens
mkdir data
"$server_bin" --listen=127.0.0.1:0 --metrics_listen=127.0.0.1:0 --http_listen=127.0.0.1:0 --data_dir=data \
  --token_file=tokens 2>server.log &
server_pid=$!
for _ in $(seq 100); do grep -q 'msg="minhbachd started"' server.log 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*msg="minhbachd started".* port=\([0-9]*\).*/\1/p' server.log)
[ -n "$port" ] || { cat server.log; fail "the server did not start"; }
export MINHBACH_SERVER=127.0.0.1:$port
m() { "$client_bin" --client_tokens=client-tokens "$@"; }

last=0  # the position of the last event recorded
# rec ARGS...: records, in Vietnamese; the answer names the stream and position.
rec() {
  local out
  out=$(m "$@" 2>&1) || fail "'$*': $out"
  grep -qE "^Đã ghi .* vào luồng [^ ]+, vị trí [0-9]+ \(phiên bản [0-9]+ của luồng\)\.$" <<<"$out" ||
    fail "'$*' said: $out"
  last=$(sed -n 's/.*, vị trí \([0-9]*\) (phiên bản.*/\1/p' <<<"$out")
}
# says TEXT LINE...: the text holds every line, as written (grep -F).
says() {
  local text=$1; shift
  for line in "$@"; do grep -qF -- "$line" <<<"$text" || fail "no \"$line\" in:
$text"; done
}
# has JSON PATTERN...: the JSON holds every pattern (grep -E).
has() {
  local json=$1; shift
  for pattern in "$@"; do grep -qE -- "$pattern" <<<"$json" || fail "no /$pattern/ in: $json"; done
}

# March: the plan, its sub-projects, villages and targets.
rec plan issue lien-chung-2024 --document-number=45/KH-UBND --issued-month=03/2024 \
  --signer-title="KT. Chủ tịch, Phó Chủ tịch" --signer-name="Nguyễn Văn Nam" \
  --business-date=2024-03-15 \
  --issuer="UBND xã Liên Chung" --legal-basis="Kế hoạch số 41/KH-UBND ngày 22/02/2024" \
  --title="Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững năm 2024"
d=(--business-date=2024-03-15)
rec plan subproject DA3-TDA3 --name="Hỗ trợ việc làm bền vững" --funding-source=central-budget \
  --lead=ldtbxh --deadline=31/12/2024 "${d[@]}"
rec plan subproject DA7-TDA2 --name="Truyền thông về giảm nghèo" --funding-source=central-budget \
  --lead=vhxh --coordinating=ldtbxh --deadline=31/12/2024 "${d[@]}"
for v in 1 2 3; do rec plan village thon-$v --name="Thôn $v" "${d[@]}"; done
rec plan target insured --description="Tỷ lệ người có thẻ BHYT" --direction=at-least \
  --value="95 %" --numerator=95 --denominator=100 --measure=share --target-unit=người \
  --horizon=31/12/2024 "${d[@]}"

# April: the budget; assignments.
rec finance allocate DA3-TDA3 --id=NS-2024-01 --amount=263.500.000 --fiscal-year=2024 \
  --source=central-budget --decision=123/QĐ-UBND --business-date=2024-04-01
rec finance allocate DA7-TDA2 --id=NS-2024-02 --amount=50,000,000 --fiscal-year=2024 \
  --source=central-budget --decision=124/QĐ-UBND --business-date=2024-04-01
rec assignment make DA7-TDA2 --id=PC-01 --lead=vhxh --due=30/06/2024 \
  --description="Tổ chức 4 buổi truyền thông" --business-date=2024-04-02
rec assignment make DA3-TDA3 --id=PC-02 --lead=ldtbxh --due=30/09/2024 \
  --description="Tư vấn việc làm cho 40 hộ" --business-date=2024-04-02
rec assignment make DA3-TDA3 --id=PC-03 --lead=ldtbxh --due=30/09/2024 \
  --description="Trùng với PC-02" --business-date=2024-04-02
rec assignment cancel PC-03 --reason="Trùng với PC-02" --business-date=2024-04-03
rec assignment accept PC-01 --by=vhxh --business-date=2024-04-05
rec assignment accept PC-02 --by=ldtbxh --role=coordinator --business-date=2024-04-05
rec assignment progress PC-01 --text="Đã tổ chức 2 buổi" --quantity=2 --evidence=BB-01,BB-02 \
  --business-date=2024-05-10
rec assignment progress PC-01 --text="Đã tổ chức 4 buổi" --quantity=4 --business-date=2024-06-20
rec assignment complete PC-01 --summary="4 buổi, 320 lượt người" --business-date=2024-06-25
rec assignment progress PC-02 --text="Đã tư vấn 12 hộ" --quantity=12 --role=coordinator \
  --business-date=2024-06-01
rec assignment due-date PC-02 --due=30/11/2024 --reason="Chờ kinh phí đợt 2" \
  --business-date=2024-09-01

# June: the villages report for 2024-H1; thôn 2 is returned and corrects.
rec report submit 2024-H1 --village=thon-1 --values=insured:412/430 --business-date=2024-06-20
as_thon() { echo "--token=$(token thon-"$1")"; }
rec report submit 2024-H1 --village=thon-2 --values=insured:300/320 --business-date=2024-06-21 \
  "$(as_thon 2)"
rec report submit 2024-H1 --village=thon-3 --values=insured:200/210 --business-date=2024-06-21
rec report approve 2024-H1 --village=thon-1 --business-date=2024-06-24
rec report return 2024-H1 --village=thon-2 --reason="Số người có thẻ chưa khớp danh sách" \
  --business-date=2024-06-24
rec report submit 2024-H1 --village=thon-2 --values=insured:310/320 --business-date=2024-06-25 \
  "$(as_thon 2)"
for v in 2 3; do rec report approve 2024-H1 --village=thon-$v --business-date=2024-06-26; done
rec report consolidate 2024-H1 --business-date=2024-06-27
rec report send 2024-H1 --business-date=2024-06-28
rec report accept 2024-H1 --by="Phòng LĐ-TB&XH huyện Tân Yên" --business-date=2024-07-05
# Thôn 2 finds a mistake: the period is reopened and its report corrected.
rec report reopen 2024-H1 --reason="Thôn 2 đính chính số người có thẻ" --business-date=2024-07-10
rec report submit 2024-H1 --village=thon-2 --values=insured:312/320 --business-date=2024-07-11 \
  "$(as_thon 2)"
rec report approve 2024-H1 --village=thon-2 --business-date=2024-07-12
rec report consolidate 2024-H1 --business-date=2024-07-12
rec report send 2024-H1 --business-date=2024-07-12
rec report accept 2024-H1 --by="Phòng LĐ-TB&XH huyện Tân Yên" --business-date=2024-07-15

# July to October: money paid, one payment reversed.
rec finance disburse DA3-TDA3 --id=CHI-01 --allocation=NS-2024-01 --amount=100.000.000 \
  --date-paid=15/07/2024 --voucher=PC-2024-015
rec finance disburse DA3-TDA3 --id=CHI-02 --allocation=NS-2024-01 --amount=63.500.000 \
  --date-paid=20/08/2024 --voucher=PC-2024-016
rec finance reverse DA3-TDA3 CHI-02 --reason="Chi nhầm nguồn" --business-date=2024-08-25
rec finance disburse DA3-TDA3 --id=CHI-03 --allocation=NS-2024-01 --amount=60000000 \
  --date-paid=2024-09-10 --voucher=PC-2024-017
rec finance disburse DA7-TDA2 --id=CHI-04 --allocation=NS-2024-02 --amount=20.000.000 \
  --date-paid=01/10/2024 --voucher=PC-2024-018 --role=implementer

# August to October: the Front's supervision of DA3-TDA3's payments.
rec supervision plan --id=GS-2024-01 --body="UBMTTQ xã Liên Chung" \
  --scope="Giải ngân DA3-TDA3" --date=20/08/2024
rec supervision inspect GS-2024-01 --date=22/08/2024 --participants="UBMTTQ xã,Hội Nông dân xã"
rec supervision finding GS-2024-01 --finding=F-01 --subject=DA7-TDA2 --severity=medium \
  --description="Biên bản truyền thông thiếu chữ ký" --business-date=2024-08-22
rec supervision finding GS-2024-01 --finding=F-02 --subject=DA3-TDA3 --severity=high \
  --description="Chứng từ PC-2024-016 chi nhầm nguồn" --business-date=2024-08-22
rec supervision recommend GS-2024-01 --finding=F-01 --recommendation=KN-01 \
  --text="Bổ sung chữ ký" --unit=vhxh --due=30/09/2024 --business-date=2024-08-23
rec supervision recommend GS-2024-01 --finding=F-02 --recommendation=KN-02 \
  --text="Rà soát nguồn chi" --unit=ubnd --due=15/10/2024 --business-date=2024-08-23
rec supervision respond GS-2024-01 --recommendation=KN-01 --by=vhxh --text="Đã bổ sung" \
  --role=implementer --business-date=2024-09-10
rec supervision resolve GS-2024-01 --finding=F-01 --by="UBMTTQ xã" --business-date=2024-09-15

# December: 2024-H2; thôn 3 does not report, the commune consolidates partially.
rec report submit 2024-H2 --village=thon-1 --values=insured:420/430 --business-date=2024-12-10
rec report submit 2024-H2 --village=thon-2 --values=insured:315/320 --business-date=2024-12-10 \
  "$(as_thon 2)"
for v in 1 2; do rec report approve 2024-H2 --village=thon-$v --business-date=2024-12-12; done
reason="Thôn 3 chưa nộp báo cáo do sáp nhập thôn"
rec report consolidate 2024-H2 --partial="$reason" --business-date=2024-12-15
has "$(m timeline --kind=CommuneReportConsolidated --json)" "\"partial_reason\":\"$reason\""
[ "$last" = 54 ] || fail "55 events recorded, the last at position $last"
retry=(finance disburse DA7-TDA2 --id=CHI-05 --allocation=NS-2024-02 --amount=5.000.000
  --date-paid=2024-12-20 --voucher=PC-2024-019 --request-id=chi-05 --role=implementer)
rec "${retry[@]}"
has "$(m "${retry[@]}")" "^Đã ghi từ trước: khoản chi \(CHI-05, .*vị trí 55\. Lần này không ghi thêm gì\.$"

# The views, against values computed by hand (JSON: machine-neutral).
# Money: 263.500.000 + 50.000.000 allocated; 100.000.000 + 60.000.000 (DA3-TDA3, CHI-02's
# 63.500.000 reversed) + 20.000.000 + 5.000.000 (DA7-TDA2) paid.
status=$(m status --json --reference_date=2024-12-31)
has "$status" '"basis":\{"position":"56","log_size":"56","reference_date":"2024-12-31"\}' \
  '"money":\{"allocated_dong":"313500000","disbursed_dong":"185000000"' \
  '"subproject_id":"DA3-TDA3"[^{]*"state":"in progress","money":\{"allocated_dong":"263500000","disbursed_dong":"160000000"' \
  '"subproject_id":"DA7-TDA2"[^{]*"state":"completed","money":\{"allocated_dong":"50000000","disbursed_dong":"25000000"' \
  '"assignments_total":"3"' '"assignments_completed":"1"' '"open_findings":"1"' \
  '"overdue_assignments":\[\{"assignment_id":"PC-02"[^}]*"due_date":"2024-11-30","status":"in progress","overdue":true,"days_overdue":"31"' \
  '"open_findings_past_due":\[\{"supervision_id":"GS-2024-01","finding_id":"F-02"[^}]*"overdue_recommendation_ids":\["KN-02"\]'
has "$(m subproject DA3-TDA3 --json --reference_date=2024-12-31)" '"state":"in progress"' \
  '"assignment_id":"PC-03"[^}]*"status":"cancelled"' '"open_findings":\[\{[^}]*"finding_id":"F-02"'
# 2024-H1 after the reopening: 412 + 312 (corrected twice) + 200 of 430 + 320 + 210.
has "$(m report insured --period=2024-H1 --json)" '"commune_status":"accepted by the district"' \
  '"actual_numerator":"924","actual_denominator":"960"' '"assessment":"met"' \
  '"village_id":"thon-2","status":"approved","numerator":"312","denominator":"320"'
# 2024-H2 without thôn 3: 420 + 315 of 430 + 320.
has "$(m report insured --period=2024-H2 --json)" '"commune_status":"consolidated"' \
  '"actual_numerator":"735","actual_denominator":"750"' '"not_reported":\["thon-3"\]'
finance=$(m finance DA3-TDA3 --json)
[ "$(grep -c '"event_type":"DisbursementRecorded"' <<<"$finance")" = 3 ] || fail "finance: $finance"
has "$finance" '"event_type":"DisbursementReversed".*"disbursement_id":"CHI-02"'
pc02=$(m assignment PC-02 --json)
[ "$(wc -l <<<"$pc02")" = 4 ] || fail "assignment PC-02: $pc02"
has "$pc02" '"old_due_date":"2024-09-30","new_due_date":"2024-11-30"' '"actor":"ubnd"'
gs=$(m supervision GS-2024-01 --json)
[ "$(wc -l <<<"$gs")" = 8 ] || fail "supervision GS-2024-01: $gs"
has "$gs" '"event_type":"ResponseSubmitted".*"by_unit":"vhxh"' '"actor":"vhxh"'
# The same views in Vietnamese, as commune staff read them, and as of dates
# in the middle of the year (what had happened by then, judged on that day).
says "$(m status --reference_date=2024-12-31)" \
  "Hiện tại · hạn được xét vào ngày 31/12/2024 · 56/56 sự kiện" \
  "Đã giải ngân:           185.000.000 đ trên 313.500.000 đ = 59,0 %" \
  "263.500.000 đ       160.000.000 đ   60,7 %  31/12/2024 Cán bộ LĐ-TB&XH" \
  "QUÁ HẠN PC-02 (DA3-TDA3) hạn 30/11/2024, trễ 31 ngày, đang thực hiện" \
  "Báo cáo xã kỳ 2024-H2 tổng hợp chưa đủ thôn: thiếu thon-3; lý do: $reason" \
  "QUÁ HẠN GS-2024-01/F-02 về DA3-TDA3 (cao): kiến nghị KN-02 chưa được trả lời"
# By 30 June nothing was paid yet (CHI-01 is of 15 July) and PC-02 was not due.
says "$(m status --as-of=2024-06-30)" \
  "Tính đến 30/06/2024 · hạn được xét vào ngày 30/06/2024" \
  "Đã giải ngân:           0 đ trên 313.500.000 đ = 0,0 %" "Nhiệm vụ: 3, hoàn thành 1, quá hạn 0" \
  "Kết luận giám sát còn mở: 0, quá hạn 0"
has "$(m status --as-of=2024-06-30 --json)" '"reference_date":"2024-06-30"' \
  '"money":\{"allocated_dong":"313500000","rate_text"'
june=$(m timeline --entity=DA3-TDA3 --as-of=2024-06-30)
says "$june" "Tính đến 30/06/2024" "Nhận nhiệm vụ" "Báo cáo tiến độ" "7 sự kiện"
grep -q "CHI-01" <<<"$june" && fail "a payment of 15 July in the timeline as of 30 June: $june"
says "$(m report insured --period=2024-H1)" "924 trên 960 = 96,3 %  đạt" "huyện đã chấp nhận"
h2=$(m report insured --period=2024-H2)
says "$h2" "735 trên 750 = 98,0 %  đạt" "thiếu thon-3; lý do: $reason"
grep -qE "^Chưa báo cáo: +thon-3$" <<<"$h2" || fail "thôn 3 not reported: $h2"
says "$(m finance DA3-TDA3)" "5 sự kiện" \
  "NS-2024-01 (2024): phân bổ 263.500.000 đ · đã giải ngân (sau hủy) 160.000.000 đ · đã hủy bút toán 63.500.000 đ · còn lại 103.500.000 đ"
says "$(m finance DA3-TDA3 --as-of=2024-07-31)" "2 sự kiện" \
  "NS-2024-01 (2024): phân bổ 263.500.000 đ · đã giải ngân (sau hủy) 100.000.000 đ · đã hủy bút toán 0 đ · còn lại 163.500.000 đ"
says "$(m assignment PC-02 --reference_date=2024-12-31)" \
  "Tình trạng: đang thực hiện · hạn 30/11/2024 · quá hạn 31 ngày (xét vào ngày 31/12/2024)"
says "$(m supervision GS-2024-01 --reference_date=2024-12-31)" "GS-2024-01/F-01 (DA7-TDA2): đã khắc phục" \
  "Kiến nghị chưa trả lời KN-02 → ubnd, hạn 15/10/2024 · quá hạn 77 ngày"
says "$(m targets --reference_date=2024-12-31)" "Chỉ tiêu: 95 % (người) · Thực hiện: 98,0 % (đạt) · Kỳ: 2024-H2" \
  "Thôn chưa báo cáo: thon-3"
says "$(m status --lang=en --reference_date=2024-12-31)" \
  "185,000,000 VND of 313,500,000 VND = 59.0 %" "OVERDUE PC-02 (DA3-TDA3) due 2024-11-30, 31 days late"
says "$(m status --reference_date=2024-12-31)" \
  "Ban hành: tháng 03/2024 (văn bản không ghi ngày); ký: KT. Chủ tịch, Phó Chủ tịch Nguyễn Văn Nam"
# Nothing the supervision recorded is left out of a view as of its year's end
# (the plan of the supervision takes its planned date).
has "$(m status --as-of=2024-12-31 --json)" '"open_findings":"1"'
grep -q skipped_positions <<<"$(m status --as-of=2024-12-31 --json)" && fail "events skipped as of 2024-12-31"
# A business date that has not come yet, or before the program, is refused.
out=$(m assignment progress PC-02 --text=x --role=coordinator --business-date=2099-01-01 2>&1) &&
  fail "a progress report of 2099 was recorded: $out"
grep -q "is after today" <<<"$out" || fail "2099: $out"
# A supervision planned a month ahead is recorded today (its date has not come).
rec supervision plan --id=GS-NEXT --body="UBMTTQ xã Liên Chung" --scope="Giải ngân DA7-TDA2" \
  --date="$(date -d '+30 days' +%d/%m/%Y)"
# A count target: villages report a number, no denominator.
rec plan target new-poor --description="Hộ nghèo phát sinh mới" --direction=at-most --value="0 hộ" \
  --measure=count --target-unit=hộ --horizon=31/12/2024 --business-date=2024-03-15
rec report submit 2024 --village=thon-1 --values=new-poor:1 --business-date=2024-12-20
has "$(m report new-poor --period=2024 --json)" '"kind":"count"' '"unit":"hộ"' \
  '"village_id":"thon-1","status":"submitted","numerator":"1"'
echo "year scenario: recorded through the client only; views agree, in Vietnamese and JSON"
