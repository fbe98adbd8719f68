#include "clients/admin/admin_help.h"

#include "absl/strings/str_cat.h"
#include "clients/text/language.h"

namespace minhbach::clients::admin {
namespace {

std::string FileFlags() {
  return Say(
      "  --data_dir=THƯ_MỤC  thư mục dữ liệu của minhbachd (mặc định data): tệp token là\n"
      "                      THƯ_MỤC/tokens\n"
      "  --tokens=TỆP        tệp token của máy chủ (khi minhbachd chạy với --token_file)\n"
      "  --lang=en           tiếng Anh (mặc định: tiếng Việt)\n",
      "  --data_dir=DIR      minhbachd's data directory (default data): the token file is\n"
      "                      DIR/tokens\n"
      "  --tokens=FILE       the server's token file (when minhbachd runs with --token_file)\n"
      "  --lang=en           English (default: Vietnamese)\n");
}

std::string Issue() {
  return absl::StrCat(
      Say("minhbach-admin token issue --role=VAI_TRÒ --identity=ĐƠN_VỊ --name=\"HỌ TÊN\"\n"
          "  Cấp một token mới cho một người, thay mặt một đơn vị hoặc một thôn. Token được in\n"
          "  MỘT lần; tệp token chỉ giữ mã băm của nó. Máy chủ nhận token mà không cần khởi\n"
          "  động lại. Sự kiện do token ghi mang tên người thực hiện \"ĐƠN_VỊ/HỌ TÊN\".\n"
          "  --role=VAI_TRÒ      coordinator, implementer, village, supervisor, district, "
          "service,\n"
          "                      admin\n"
          "  --identity=ĐƠN_VỊ   đơn vị hoặc thôn mà token thay mặt (phạm vi quyền), ví dụ\n"
          "                      thon-2, khuyen-nong, vhxh, ldtbxh\n"
          "  --name=\"HỌ TÊN\"     người giữ token\n"
          "  --streams=TIỀN_TỐ   chỉ cho service, admin: các tiền tố luồng được ghi trực tiếp,\n"
          "                      cách nhau bởi dấu phẩy (mặc định ext/ĐƠN_VỊ/)\n"
          "  Ví dụ: minhbach-admin token issue --role=village --identity=thon-2 "
          "--name=\"Nguyễn Văn A\"\n",
          "minhbach-admin token issue --role=ROLE --identity=UNIT --name=\"FULL NAME\"\n"
          "  Issues a new token to one person, acting for a unit or a village. The token is\n"
          "  printed ONCE; the token file keeps only its hash. The server accepts it without a\n"
          "  restart. Events the token records name their actor \"UNIT/FULL NAME\".\n"
          "  --role=ROLE         coordinator, implementer, village, supervisor, district, "
          "service,\n"
          "                      admin\n"
          "  --identity=UNIT     the unit or village the token acts for (its scope), e.g.\n"
          "                      thon-2, khuyen-nong, vhxh, ldtbxh\n"
          "  --name=\"FULL NAME\"  the person who holds the token\n"
          "  --streams=PREFIXES  service and admin only: stream prefixes it may append to\n"
          "                      directly, comma-separated (default ext/UNIT/)\n"
          "  Example: minhbach-admin token issue --role=village --identity=thon-2 "
          "--name=\"Nguyễn Văn A\"\n"),
      FileFlags());
}

std::string List() {
  return absl::StrCat(
      Say("minhbach-admin token list [--json]\n"
          "  Liệt kê các token: id, vai trò, đơn vị, người giữ, ngày cấp, đã thu hồi hay chưa.\n"
          "  Không bao giờ in token hay mã băm.\n"
          "  --json              JSON (khoá tiếng Anh, thời gian ISO 8601 UTC)\n",
          "minhbach-admin token list [--json]\n"
          "  Lists the tokens: id, role, unit, holder, issue date, revoked or not. Never prints\n"
          "  a token or a hash.\n"
          "  --json              JSON (English keys, ISO 8601 UTC times)\n"),
      FileFlags());
}

std::string Revoke() {
  return absl::StrCat(
      Say("minhbach-admin token revoke ID\n"
          "  Thu hồi token có id ID (xem token list). Máy chủ từ chối token đó mà không cần\n"
          "  khởi động lại (trong khoảng --token_reload_interval của minhbachd, mặc định 1 giây).\n"
          "  Tệp token giữ dòng thu hồi: không dòng nào bị xoá.\n",
          "minhbach-admin token revoke ID\n"
          "  Revokes the token whose id is ID (see token list). The server refuses it without a\n"
          "  restart (within minhbachd's --token_reload_interval, 1 second by default). The\n"
          "  token file keeps a revocation line: no line is deleted.\n"),
      FileFlags());
}

std::string LogHelp() {
  return Say(
      "minhbach-admin log create TÊN --logs_dir=THƯ_MỤC [--origin=NGUỒN_GỐC]\n"
      "  Tạo một sổ cái mới trên máy chủ giữ nhiều sổ (minhbachd --logs_dir): khóa ký, token\n"
      "  và kho dữ liệu riêng. TÊN là một hoặc hai đoạn, ví dụ lien-chung/2026-2030. Sự kiện\n"
      "  đầu tiên của sổ ghi lại việc tạo (ai, khi nào, khóa công khai). Máy chủ đang chạy\n"
      "  nhận sổ mới trong khoảng 2 giây.\n"
      "  --origin=NGUỒN_GỐC  tên khóa và dòng nguồn gốc của đầu sổ (mặc định: TÊN)\n"
      "  Ví dụ: minhbach-admin log create lien-chung/2026-2030 --logs_dir=/var/lib/minhbach\n"
      "\n"
      "minhbach-admin log list --logs_dir=THƯ_MỤC [--json]\n"
      "  Liệt kê các sổ cái và khóa công khai của chúng.\n",
      "minhbach-admin log create NAME --logs_dir=DIR [--origin=ORIGIN]\n"
      "  Creates a log on a server that hosts many (minhbachd --logs_dir): its own signing\n"
      "  key, tokens and store. NAME is one or two segments, e.g. lien-chung/2026-2030. The\n"
      "  log's first event records its creation (who, when, the public key). A running server\n"
      "  serves the new log within about 2 seconds.\n"
      "  --origin=ORIGIN     the key name and the heads' origin line (default: NAME)\n"
      "  Example: minhbach-admin log create lien-chung/2026-2030 --logs_dir=/var/lib/minhbach\n"
      "\n"
      "minhbach-admin log list --logs_dir=DIR [--json]\n"
      "  Lists the logs and their public keys.\n");
}

std::string Overview() {
  return Say(
      "minhbach-admin: quản lý token truy cập của máy chủ minhbach, mỗi người một token, và các\n"
      "sổ cái khi máy chủ giữ nhiều sổ.\n"
      "\n"
      "Lệnh:\n"
      "  token issue   cấp token cho một người của một đơn vị hoặc thôn\n"
      "  token list    liệt kê các token\n"
      "  token revoke  thu hồi một token\n"
      "  log create    tạo một sổ cái trên máy chủ giữ nhiều sổ (--logs_dir)\n"
      "  log list      liệt kê các sổ cái\n"
      "  help [LỆNH]   hướng dẫn của một lệnh (hoặc: LỆNH --help)\n"
      "\n"
      "Thêm --lang=en để xem bằng tiếng Anh.\n",
      "minhbach-admin: manages the minhbach server's access tokens, one per person, and its logs "
      "when it hosts many.\n"
      "\n"
      "Commands:\n"
      "  token issue   issue a token to a person of a unit or village\n"
      "  token list    list the tokens\n"
      "  token revoke  revoke a token\n"
      "  log create    create a log on a server that hosts many (--logs_dir)\n"
      "  log list      list the logs\n"
      "  help [COMMAND]  a command's usage (or: COMMAND --help)\n"
      "\n"
      "Add --lang=en for English.\n");
}

}  // namespace

const std::vector<std::string>& HelpTopics() {
  static const auto* topics =
      new std::vector<std::string>{"token", "token issue", "token list", "token revoke",
                                   "log",   "log create",  "log list",   "help"};
  return *topics;
}

std::string Usage(absl::string_view command) {
  if (command == "token issue") return Issue();
  if (command == "token list") return List();
  if (command == "token revoke") return Revoke();
  if (command == "log" || command == "log create" || command == "log list") return LogHelp();
  if (command == "token") {
    return absl::StrCat(Issue(), "\n", List(), "\n", Revoke());
  }
  return Overview();
}

}  // namespace minhbach::clients::admin
