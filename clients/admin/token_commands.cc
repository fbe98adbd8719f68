#include "clients/admin/token_commands.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/admin/admin_help.h"
#include "clients/admin/closest_word.h"
#include "clients/admin/token_table_text.h"
#include "clients/terminal_text.h"
#include "clients/text/language.h"
#include "services/auth/identity.h"
#include "services/auth/token_file.h"
#include "services/auth/token_file_update.h"
#include "services/auth/token_store.h"

namespace minhbach::clients::admin {
namespace {

using services::Role;
using services::TokenLine;

constexpr int kFailed = 1;
constexpr int kUsage = 2;

std::vector<std::string> RoleNames() {
  std::vector<std::string> names;
  for (Role role : services::kAllRoles) names.emplace_back(services::RoleName(role));
  return names;
}

int Failed(absl::string_view vi, absl::string_view en, const absl::Status& status,
           std::ostream& err) {
  err << Say(vi, en) << ": " << TerminalSafe(status.message()) << "\n";
  return kFailed;
}

// The missing required flags, each with what to give.
std::vector<std::string> MissingIssueFlags(const AdminArgs& args) {
  std::vector<std::string> missing;
  if (!args.Has("role")) {
    missing.push_back(Say("--role=VAI_TRÒ (village, implementer, ...)",
                          "--role=ROLE (village, implementer, ...)"));
  }
  if (!args.Has("identity")) {
    missing.push_back(Say("--identity=ĐƠN_VỊ (đơn vị hoặc thôn mà token thay mặt, ví dụ thon-2)",
                          "--identity=UNIT (the unit or village it acts for, e.g. thon-2)"));
  }
  if (!args.Has("name")) {
    missing.push_back(
        Say("--name=\"HỌ TÊN\" (người giữ token)", "--name=\"FULL NAME\" (who holds it)"));
  }
  return missing;
}

// The token line `args` ask for, without its hash; or a usage error on `err`.
std::optional<TokenLine> IssueRequest(const AdminArgs& args, std::ostream& err) {
  if (std::vector<std::string> missing = MissingIssueFlags(args); !missing.empty()) {
    err << Say("thiếu: ", "missing: ") << absl::StrJoin(missing, "; ") << "\n"
        << Say("xem: minhbach-admin help token issue\n",
               "see: minhbach-admin help token issue --lang=en\n");
    return std::nullopt;
  }
  TokenLine token;
  const std::string role = args.Get("role");
  std::optional<Role> parsed = services::ParseRole(role);
  if (!parsed.has_value()) {
    const std::string near = ClosestWord(role, RoleNames());
    err << Say("vai trò '", "no role '") << TerminalSafe(role) << Say("' không có", "'")
        << (near.empty() ? "" : Say("; có phải ý bạn là '", "; did you mean '") + near + "'?")
        << Say("\ncác vai trò: ", "\nroles: ") << absl::StrJoin(RoleNames(), ", ") << "\n";
    return std::nullopt;
  }
  token.role = *parsed;
  token.identity = args.Get("identity");
  if (!services::CheckSafeId("identity", token.identity).ok()) {
    err << Say("--identity='", "--identity='") << TerminalSafe(token.identity)
        << Say("' không phải mã an toàn: dùng 1 đến 64 chữ cái không dấu, chữ số, '.', '_' hoặc "
               "'-', bắt đầu bằng chữ hoặc số (ví dụ thon-2, khuyen-nong)\n",
               "' is not a safe id: use 1 to 64 ASCII letters, digits, '.', '_' or '-', "
               "starting with a letter or digit (e.g. thon-2, khuyen-nong)\n");
    return std::nullopt;
  }
  token.person = std::string(absl::StripAsciiWhitespace(args.Get("name")));
  if (!services::CheckPersonName(token.person).ok()) {
    err << Say(
        "--name phải là họ tên của người giữ token: không để trống, tối đa 128 byte, "
        "không có ký tự điều khiển (tab, xuống dòng...) hay '#'\n",
        "--name must be the holder's name: not blank, at most 128 bytes, no control "
        "characters (tab, newline...) and no '#'\n");
    return std::nullopt;
  }
  const bool streams = token.role == Role::kService || token.role == Role::kAdmin;
  if (args.Has("streams") && !streams) {
    err << Say("--streams chỉ dùng cho vai trò service và admin; vai trò ",
               "--streams is for the service and admin roles only; role ")
        << role << Say(" thay mặt đơn vị --identity\n", " acts for its --identity\n");
    return std::nullopt;
  }
  if (streams) {
    token.scopes = absl::StrSplit(args.Get("streams", absl::StrCat("ext/", token.identity, "/")),
                                  ',', absl::SkipWhitespace());
    for (const std::string& prefix : token.scopes) {
      if (prefix.find_first_of(" #\t") != std::string::npos ||
          absl::StartsWith(prefix, "program/")) {
        err << Say("tiền tố luồng không hợp lệ: '", "bad stream prefix: '") << TerminalSafe(prefix)
            << Say("' (không dấu cách, không '#', không phải program/)\n",
                   "' (no spaces, no '#', not program/)\n");
        return std::nullopt;
      }
    }
    if (token.scopes.empty()) {
      err << Say("--streams trống\n", "--streams is empty\n");
      return std::nullopt;
    }
  } else {
    token.scopes = {token.identity};
  }
  return token;
}

}  // namespace

int IssueToken(const AdminArgs& args, const TokenCommandContext& context, std::ostream& out,
               std::ostream& err) {
  std::optional<TokenLine> request = IssueRequest(args, err);
  if (!request.has_value()) return kUsage;
  TokenLine token = *std::move(request);
  token.issued = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", context.now, absl::UTCTimeZone());
  std::string plain;
  const absl::Status appended =
      services::AppendToTokenFile(context.token_file, [&](const std::vector<TokenLine>& tokens) {
        // A new token whose short id another token has would make that id
        // ambiguous for revoke: draw again (about once in 4 billion).
        for (;;) {
          plain = services::NewToken();
          token.hash = services::HashToken(plain);
          bool taken = false;
          for (const TokenLine& other : tokens) {
            taken = taken || services::TokenId(other.hash) == services::TokenId(token.hash);
          }
          if (!taken) return absl::StatusOr<std::string>(services::FormatTokenLine(token));
        }
      });
  if (!appended.ok()) {
    return Failed("không cấp được token", "cannot issue the token", appended, err);
  }
  const std::string id = services::TokenId(token.hash);
  out << Say("Đã cấp token ", "Issued token ") << id << ": " << services::RoleName(token.role)
      << " " << token.identity << Say(", người giữ: ", ", held by ") << token.person << "\n"
      << Say("Người thực hiện ghi trên mỗi sự kiện của token này: ",
             "Actor recorded on each event of this token: ")
      << services::ActorOf(token) << "\n\n"
      << Say("Token (chỉ in MỘT lần; trao tận tay người giữ và giữ kín; tệp token chỉ lưu mã "
             "băm):\n",
             "Token (printed ONCE; hand it to its holder and keep it secret; the token file "
             "keeps only its hash):\n")
      << "  " << plain << "\n\n"
      << Say("Cách dùng:\n", "How to use it:\n") << "  export MINHBACH_TOKEN=" << plain << "\n"
      << Say("  hoặc một dòng trong tệp cấu hình của client (client.conf):  token = ",
             "  or a line of the client's config file (client.conf):  token = ")
      << plain << "\n"
      << Say("Máy chủ nhận token này trong khoảng 1 giây (--token_reload_interval), không cần "
             "khởi động lại. Thu hồi: minhbach-admin token revoke ",
             "The server accepts it within about 1 second (--token_reload_interval), without a "
             "restart. To revoke it: minhbach-admin token revoke ")
      << id << "\n";
  return 0;
}

int ListTokens(const AdminArgs& args, const TokenCommandContext& context, std::ostream& out,
               std::ostream& err) {
  std::ifstream in(context.token_file);
  if (!in) {
    return Failed("không đọc được tệp token", "cannot read the token file",
                  absl::NotFoundError(absl::StrCat(context.token_file,
                                                   Say(" (chạy minhbachd một lần để tạo tệp, hoặc "
                                                       "--tokens=TỆP / --data_dir=THƯ_MỤC)",
                                                       " (start minhbachd once to make it, or give "
                                                       "--tokens=FILE / --data_dir=DIR)"))),
                  err);
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::vector<TokenLine>> tokens = services::ParseTokenFile(text.str());
  if (!tokens.ok()) {
    return Failed("tệp token có lỗi", "the token file has an error", tokens.status(), err);
  }
  out << (args.Has("json") ? TokenTableJson(*tokens) : TokenTableText(*tokens));
  return 0;
}

int RevokeToken(const AdminArgs& args, const TokenCommandContext& context, std::ostream& out,
                std::ostream& err) {
  if (args.words.size() != 3) {
    err << (args.words.size() < 3 ? Say("thiếu ID: ", "missing ID: ")
                                  : Say("chỉ một ID: ", "only one ID: "))
        << Say("minhbach-admin token revoke ID (ID: cột đầu của token list)\n",
               "minhbach-admin token revoke ID (ID: the first column of token list)\n");
    return kUsage;
  }
  const std::string id = args.words[2];
  const std::string at = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", context.now, absl::UTCTimeZone());
  TokenLine revoked;
  const absl::Status done =
      services::AppendToTokenFile(context.token_file, [&](const std::vector<TokenLine>& tokens) {
        for (const TokenLine& token : tokens) {
          if (services::TokenId(token.hash) != id) continue;
          revoked = token;
          // Already revoked: nothing to add (the first revocation's time stays).
          if (token.revoked) return absl::StatusOr<std::string>("");
          return absl::StatusOr<std::string>(services::FormatRevocationLine(id, at));
        }
        return absl::StatusOr<std::string>(absl::NotFoundError(absl::StrCat(
            Say("không có token nào có id '", "no token has the id '"), TerminalSafe(id),
            Say("'; xem minhbach-admin token list", "'; see minhbach-admin token list"))));
      });
  if (!done.ok()) {
    return Failed("không thu hồi được token", "cannot revoke the token", done, err);
  }
  const std::string who =
      absl::StrCat(services::RoleName(revoked.role), " ", TerminalSafe(services::ActorOf(revoked)));
  if (revoked.revoked) {
    out << Say("Token ", "Token ") << id << " (" << who
        << Say(") đã được thu hồi từ trước", ") was already revoked")
        << (revoked.revoked_at.empty() ? "" : " (" + ShownTime(revoked.revoked_at) + ")") << "\n";
    return 0;
  }
  out << Say("Đã thu hồi token ", "Revoked token ") << id << " (" << who << ").\n"
      << Say("Máy chủ từ chối token này trong khoảng 1 giây (--token_reload_interval), không "
             "cần khởi động lại.\n",
             "The server refuses it within about 1 second (--token_reload_interval), without a "
             "restart.\n");
  return 0;
}

}  // namespace minhbach::clients::admin
