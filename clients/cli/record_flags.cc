#include "clients/cli/record_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, request_id, "",
          "recording: a name for this request; the same name again is a harmless retry (the event "
          "id and generated ids are derived from it)");
ABSL_FLAG(std::string, event_id, "", "recording: the event's id, a UUID (default: generated)");
ABSL_FLAG(std::string, business_date, "",
          "recording: when it happened (default: the date the command states, else today)");
ABSL_FLAG(std::string, correlation_id, "", "recording: links related commands");
ABSL_FLAG(std::string, causation_id, "", "recording: the command that caused this one");
ABSL_FLAG(std::string, id, "", "the new record's id (default: generated)");
ABSL_FLAG(std::string, plan, "", "the plan's id (default: the plan the server holds)");
ABSL_FLAG(std::string, document_number, "", "the plan's document number, e.g. 45/KH-UBND");
ABSL_FLAG(std::string, issued_date, "", "the plan's date (YYYY-MM-DD or dd/mm/yyyy)");
ABSL_FLAG(std::string, issued_month, "",
          "the plan's month (YYYY-MM or mm/yyyy) when the document leaves its day blank");
ABSL_FLAG(std::string, signer_title, "",
          "who signed the plan, e.g. \"KT. Chủ tịch, Phó Chủ tịch\"");
ABSL_FLAG(std::string, signer_name, "", "the signer's name");
ABSL_FLAG(std::string, measure, "", "a rate target: share (numerator of denominator) or count");
ABSL_FLAG(std::string, target_unit, "", "what a target counts: người, hộ...");
ABSL_FLAG(std::string, horizon, "", "a target's horizon (YYYY-MM-DD or dd/mm/yyyy)");
ABSL_FLAG(std::string, project, "", "the project a sub-project belongs to, e.g. \"Dự án 3: ...\"");
ABSL_FLAG(std::string, beneficiaries, "",
          "a sub-project's beneficiaries and support (\"Đối tượng, nội dung hỗ trợ\")");
ABSL_FLAG(std::string, issuer, "", "who issued the plan, e.g. UBND xã Liên Chung");
ABSL_FLAG(std::string, legal_basis, "", "what the plan is based on (căn cứ)");
ABSL_FLAG(std::string, title, "", "the plan's title");
ABSL_FLAG(std::string, description, "", "what is measured, or what is to be done");
ABSL_FLAG(std::string, direction, "", "at-most, at-least or deadline");
ABSL_FLAG(std::string, value, "", "the target as the plan writes it, e.g. \"1.37 %\"");
ABSL_FLAG(std::string, numerator, "", "the target rate's numerator (137 of 10000 for 1.37 %)");
ABSL_FLAG(std::string, denominator, "", "the target rate's denominator");
ABSL_FLAG(std::string, deadline, "", "a deadline (YYYY-MM-DD or dd/mm/yyyy)");
ABSL_FLAG(std::string, reason, "", "why");
ABSL_FLAG(std::string, funding_source, "", "where the money comes from, e.g. central-budget");
ABSL_FLAG(std::string, lead, "", "lead units (chủ trì), comma-separated");
ABSL_FLAG(std::string, coordinating, "", "coordinating units (phối hợp), comma-separated");
ABSL_FLAG(std::string, due, "", "the due date (YYYY-MM-DD or dd/mm/yyyy)");
ABSL_FLAG(std::string, by, "", "the unit or person acting");
ABSL_FLAG(std::string, text, "", "the text: what was done, recommended or answered");
ABSL_FLAG(std::string, quantity, "", "a count of what was done (0 when none applies)");
ABSL_FLAG(std::string, evidence, "", "references to evidence, comma-separated");
ABSL_FLAG(std::string, summary, "", "what was achieved, or the conclusion");
ABSL_FLAG(std::string, source, "", "where the money comes from, e.g. central-budget");
ABSL_FLAG(std::string, fiscal_year, "", "whose year's funds, e.g. 2024");
ABSL_FLAG(std::string, amount, "", "an amount of đồng: 263500000, 263.500.000 or 263,500,000");
ABSL_FLAG(std::string, decision, "", "the allocating decision's number, e.g. 123/QĐ-UBND");
ABSL_FLAG(std::string, allocation, "", "the allocation paid from");
ABSL_FLAG(std::string, date_paid, "", "when the money was paid (YYYY-MM-DD or dd/mm/yyyy)");
ABSL_FLAG(std::string, voucher, "", "the payment voucher (chứng từ) number");
ABSL_FLAG(std::string, village, "", "the village, e.g. thon-1");
ABSL_FLAG(std::string, values, "",
          "the village's values, TARGET:NUMERATOR/DENOMINATOR, comma-separated");
ABSL_FLAG(std::string, partial, "",
          "consolidate although some villages have not reported, for this reason");
ABSL_FLAG(std::string, body, "", "the supervising body, e.g. UBMTTQ xã");
ABSL_FLAG(std::string, scope, "", "what is supervised");
ABSL_FLAG(std::string, date, "", "the date (YYYY-MM-DD or dd/mm/yyyy)");
ABSL_FLAG(std::string, participants, "", "who took part, comma-separated");
ABSL_FLAG(std::string, finding, "", "the finding's id (for `finding`: default generated)");
ABSL_FLAG(std::string, subject, "", "what the finding is about, e.g. DA3-TDA3");
ABSL_FLAG(std::string, severity, "", "low, medium or high");
ABSL_FLAG(std::string, recommendation, "",
          "the recommendation's id (for `recommend`: default generated)");
ABSL_FLAG(std::string, unit, "", "the unit that must act and respond, e.g. ldtbxh");
ABSL_FLAG(std::string, note, "", "notes (may be empty)");
