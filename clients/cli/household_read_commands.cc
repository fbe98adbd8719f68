// The household reads that show personal data: `minhbach household show ID
// --purpose=...` (one household's personal data, for the coordinator or its
// village; the server records the read in the log before answering) and
// `minhbach review posting-list REVIEW --village=V` (the public posting list,
// printed or exported, during its window only). Erased data shows "đã xoá".
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/cli/cli_flags.h"
#include "clients/cli/cli_support.h"
#include "clients/cli/command_request.h"
#include "clients/cli/command_table.h"
#include "clients/cli/views.h"
#include "clients/export_table.h"
#include "clients/text/language.h"
#include "minhbach/v1/household_service.grpc.pb.h"

ABSL_FLAG(std::string, purpose, "",
          "why the personal data is read (recorded in the log with who read it)");
ABSL_DECLARE_FLAG(std::string, village);

namespace minhbach::clients {
namespace {

using Args = std::vector<std::string>;

// What views show where erased personal data was.
constexpr char kErased[] = "đã xoá";

std::string ClassText(const std::string& c) {
  if (c == "poor") return Say("hộ nghèo", "poor");
  if (c == "near_poor") return Say("hộ cận nghèo", "near-poor");
  if (c == "average") return Say("mức sống trung bình", "average living standard");
  if (c == "not_poor") return Say("không nghèo", "not poor");
  return Say("chưa rà soát", "not reviewed");
}

std::string OrErased(bool erased, const std::string& text) {
  return erased ? Say(kErased, "erased") : text;
}

int Show(const Args& args) {
  const ConnectionSettings settings = Settings();
  v1::Households::Stub stub(Must(OpenChannel(settings)));
  v1::HouseholdPersonalDataRequest request;
  request.set_household_id(args[0]);
  request.set_purpose(Required("purpose", absl::GetFlag(FLAGS_purpose)));
  v1::HouseholdPersonalDataView view;
  Check(stub.GetHouseholdPersonalData(CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(),
                                      request, &view));
  const v1::HouseholdPersonalData& p = view.personal();
  const bool erased = view.erased();
  std::string text = absl::StrCat(Say("Hộ ", "Household "), view.household_id(), "\n");
  absl::StrAppend(&text, Say("Chủ hộ: ", "Head: "), OrErased(erased, p.head_name()), "\n");
  absl::StrAppend(&text, Say("Địa chỉ: ", "Address: "), OrErased(erased, p.address()), "\n");
  if (erased) {
    absl::StrAppend(&text, Say("Thành viên: đã xoá (dữ liệu cá nhân của hộ đã bị xoá)\n",
                               "Members: erased (the household's personal data was erased)\n"));
  } else {
    absl::StrAppend(&text, Say("Thành viên:\n", "Members:\n"));
    for (const v1::HouseholdMember& m : p.members()) {
      absl::StrAppend(
          &text, "  - ", m.name(), " (", m.relation(), ")",
          m.birth_date().empty() ? "" : absl::StrCat(Say(", sinh ", ", born "), m.birth_date()),
          m.id_number().empty() ? "" : absl::StrCat(Say(", CCCD ", ", ID "), m.id_number()),
          m.phone().empty() ? "" : absl::StrCat(Say(", ĐT ", ", phone "), m.phone()),
          m.disability() ? Say(", khuyết tật", ", disability") : "",
          m.health_notes().empty() ? "" : absl::StrCat(", ", m.health_notes()), "\n");
    }
    absl::StrAppend(&text, Say(absl::StrCat("Lần đọc này đã được ghi vào sổ ở vị trí ",
                                            view.access_position(), "\n"),
                               absl::StrCat("This read is recorded in the log at position ",
                                            view.access_position(), "\n")));
  }
  PrintJsonOr(view, text);
  return 0;
}

// The list's rows: exactly the public fields.
Table PostingTable(const v1::PostingList& list) {
  Table table;
  table.title = Say("Danh sách niêm yết", "Posting list");
  table.headers = {Say("Mã hộ", "Household"), Say("Chủ hộ", "Head of household"),
                   Say("Thôn", "Village"), Say("Phân loại", "Classification")};
  for (const v1::PostingListEntry& e : list.entries()) {
    table.rows.push_back({e.household_id(), OrErased(e.erased(), e.head_name()), list.village_id(),
                          ClassText(e.classification())});
  }
  return table;
}

int PostingList(const Args& args) {
  const ConnectionSettings settings = Settings();
  v1::Households::Stub stub(Must(OpenChannel(settings)));
  v1::PostingListRequest request;
  request.set_review_id(args[0]);
  request.set_village_id(Required("village", absl::GetFlag(FLAGS_village)));
  request.set_as_of_date(DateOrFail("as_of_date", absl::GetFlag(FLAGS_as_of_date)));
  v1::PostingList list;
  Check(stub.GetPostingList(CallContext(settings, absl::GetFlag(FLAGS_timeout)).get(), request,
                            &list));
  if (!list.open()) {
    Fail(list.posted_on().empty()
             ? Say("danh sách chưa được niêm yết", "the list has not been posted")
             : Say(absl::StrCat("danh sách đã hết thời gian niêm yết (niêm yết ", list.posted_on(),
                                ", nhận khiếu nại đến ", list.complaints_until(), ")"),
                   absl::StrCat("the list's posting period is over (posted ", list.posted_on(),
                                ", complaints until ", list.complaints_until(), ")")));
  }
  Table table = PostingTable(list);
  const std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) {
    std::string text = absl::StrCat(
        Say("Danh sách niêm yết công khai, đợt ", "Public posting list, review "), list.review_id(),
        Say(", thôn ", ", village "), list.village_id(), "\n", Say("Niêm yết ngày ", "Posted on "),
        list.posted_on(), Say(", nhận khiếu nại đến ", ", complaints until "),
        list.complaints_until(),
        list.basis().illustrative_data() ? Say(" (dữ liệu minh họa)", " (illustrative data)") : "",
        "\n");
    for (const std::vector<Cell>& row : table.rows) {
      absl::StrAppend(
          &text, absl::StrFormat("%-16s %-28s %s\n", std::get<std::string>(row[0]),
                                 std::get<std::string>(row[1]), std::get<std::string>(row[3])));
    }
    absl::StrAppend(&text, Say("Tổng: ", "Total: "), list.entries_size(), "\n");
    PrintJsonOr(list, text);
    return 0;
  }
  const std::string separator = absl::GetFlag(FLAGS_separator);
  if (separator != "," && separator != ";") {
    Fail(Say("--separator nhận ',' hoặc ';'", "--separator takes ',' or ';'"));
  }
  table.about = {
      {Say("Nội dung", "What"), Say("Danh sách niêm yết công khai kết quả rà soát",
                                    "Public posting list of the review's results")},
      {Say("Đợt rà soát", "Review"), list.review_id()},
      {Say("Thôn", "Village"), list.village_id()},
      {Say("Niêm yết ngày", "Posted on"), list.posted_on()},
      {Say("Nhận khiếu nại đến", "Complaints until"), list.complaints_until()},
  };
  if (list.basis().illustrative_data()) {
    table.about.emplace_back(Say("Lưu ý", "Note"), Say("dữ liệu minh họa", "illustrative data"));
  }
  const absl::Status written = WriteTable(table, out, separator[0]);
  if (!written.ok()) Fail(std::string(written.message()));
  std::printf("%s\n", Say(absl::StrCat("đã ghi ", table.rows.size(), " dòng vào ", out),
                          absl::StrCat("wrote ", table.rows.size(), " rows to ", out))
                          .c_str());
  return 0;
}

}  // namespace

std::vector<CliCommand> HouseholdReadCommands() {
  return {
      {"household show",
       "household show ID --purpose=... [--json]",
       "a household's personal data (coordinator, or its village); the read is recorded",
       Show,
       {"purpose", "json"},
       "dữ liệu cá nhân của một hộ (cán bộ điều phối, hoặc thôn của hộ); lần đọc được ghi vào sổ",
       {"ID"},
       "household show thon-1/H-0001 --purpose=\"Xác minh khiếu nại K-01\"",
       "coordinator"},
      {"review posting-list",
       "review posting-list REVIEW --village=V [--as-of-date=D] [--out=FILE.csv|.xlsx] [--json]",
       "the public posting list, during its posting window only",
       PostingList,
       {"village", "as_of_date", "out", "separator", "json"},
       "danh sách niêm yết công khai, chỉ trong thời gian niêm yết",
       {"REVIEW"},
       "review posting-list RV-2025-thon-1 --village=thon-1 --out=niem-yet.xlsx",
       "village",
       "village"},
  };
}

}  // namespace minhbach::clients
