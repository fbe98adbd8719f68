#include "clients/admin/admin_command.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/admin/admin_args.h"
#include "clients/admin/admin_help.h"
#include "clients/admin/closest_word.h"
#include "clients/admin/log_commands.h"
#include "clients/admin/token_commands.h"
#include "clients/terminal_text.h"
#include "clients/text/language.h"

namespace minhbach::clients::admin {
namespace {

constexpr int kUsage = 2;

const std::vector<std::string> kValued = {"role",   "identity", "name",     "streams", "data_dir",
                                          "tokens", "lang",     "logs_dir", "origin"};
const std::vector<std::string> kCommon = {"data_dir", "tokens", "lang", "help"};

std::vector<std::string> FlagsOf(const std::string& subcommand) {
  std::vector<std::string> flags = kCommon;
  if (subcommand == "issue") flags.insert(flags.end(), {"role", "identity", "name", "streams"});
  if (subcommand == "list") flags.push_back("json");
  return flags;
}

// "no command 'tokn'; did you mean 'token'?" and where to look.
int Unknown(absl::string_view what_vi, absl::string_view what_en, const std::string& typed,
            const std::vector<std::string>& known, std::ostream& err) {
  const std::string near = ClosestWord(typed, known);
  err << Say(what_vi, what_en) << " '" << TerminalSafe(typed) << "'";
  if (!near.empty()) err << Say("; có phải ý bạn là '", "; did you mean '") << near << "'?";
  err << "\n" << Say("xem: minhbach-admin help\n", "see: minhbach-admin help --lang=en\n");
  return kUsage;
}

int Help(const std::vector<std::string>& topic_words, std::ostream& out, std::ostream& err) {
  std::string topic = absl::StrJoin(topic_words, " ");
  if (topic.empty()) {
    out << Usage("");
    return 0;
  }
  const std::vector<std::string>& topics = HelpTopics();
  for (const std::string& candidate : {topic, absl::StrCat("token ", topic)}) {
    if (std::find(topics.begin(), topics.end(), candidate) != topics.end()) {
      out << Usage(candidate);
      return 0;
    }
  }
  return Unknown("không có hướng dẫn cho", "no help for", topic, topics, err);
}

int Token(const AdminArgs& args, absl::Time now, std::ostream& out, std::ostream& err) {
  const std::vector<std::string> subcommands = {"issue", "list", "revoke"};
  if (args.words.size() < 2) {
    if (args.Has("help")) {
      out << Usage("token");
      return 0;
    }
    err << Say("thiếu lệnh con: token issue | list | revoke\n",
               "missing subcommand: token issue | list | revoke\n")
        << Say("xem: minhbach-admin help token\n", "see: minhbach-admin help token --lang=en\n");
    return kUsage;
  }
  const std::string& subcommand = args.words[1];
  if (std::find(subcommands.begin(), subcommands.end(), subcommand) == subcommands.end()) {
    return Unknown("không có lệnh token", "no command token", subcommand, subcommands, err);
  }
  if (args.Has("help")) {
    out << Usage("token " + subcommand);
    return 0;
  }
  const std::vector<std::string> allowed = FlagsOf(subcommand);
  if (std::optional<std::string> flag = UnknownFlag(args, allowed)) {
    std::vector<std::string> spelled;
    for (const std::string& name : allowed) spelled.push_back("--" + name);
    const int code = Unknown("token " + subcommand + " không có cờ",
                             "token " + subcommand + " has no flag", "--" + *flag, spelled, err);
    err << Say("hoặc: minhbach-admin token ", "or: minhbach-admin token ") << subcommand
        << " --help\n";
    return code;
  }
  if (subcommand != "revoke" && args.words.size() > 2) {
    err << Say("thừa đối số: '", "unexpected argument: '") << TerminalSafe(args.words[2])
        << Say("' (giá trị có dấu cách cần đặt trong ngoặc kép: --name=\"Nguyễn Văn A\")\n",
               "' (quote values with spaces: --name=\"Nguyễn Văn A\")\n");
    return kUsage;
  }
  if (args.Has("tokens") && args.Has("data_dir")) {
    err << Say("chỉ dùng một trong --tokens và --data_dir\n",
               "give --tokens or --data_dir, not both\n");
    return kUsage;
  }
  TokenCommandContext context;
  context.now = now;
  context.token_file =
      args.Has("tokens")
          ? args.Get("tokens")
          : (std::filesystem::path(args.Get("data_dir", "data")) / "tokens").string();
  if (subcommand == "issue") return IssueToken(args, context, out, err);
  if (subcommand == "list") return ListTokens(args, context, out, err);
  return RevokeToken(args, context, out, err);
}

// log create NAME | log list: the logs of a minhbachd --logs_dir.
int Log(const AdminArgs& args, absl::Time now, std::ostream& out, std::ostream& err) {
  const std::vector<std::string> subcommands = {"create", "list"};
  if (args.words.size() < 2) {
    if (args.Has("help")) {
      out << Usage("log");
      return 0;
    }
    err << Say("thiếu lệnh con: log create | list\n", "missing subcommand: log create | list\n")
        << Say("xem: minhbach-admin help log\n", "see: minhbach-admin help log --lang=en\n");
    return kUsage;
  }
  const std::string& subcommand = args.words[1];
  if (std::find(subcommands.begin(), subcommands.end(), subcommand) == subcommands.end()) {
    return Unknown("không có lệnh log", "no command log", subcommand, subcommands, err);
  }
  if (args.Has("help")) {
    out << Usage("log " + subcommand);
    return 0;
  }
  std::vector<std::string> allowed = {"logs_dir", "lang", "help"};
  allowed.push_back(subcommand == "create" ? "origin" : "json");
  if (std::optional<std::string> flag = UnknownFlag(args, allowed)) {
    std::vector<std::string> spelled;
    for (const std::string& name : allowed) spelled.push_back("--" + name);
    return Unknown("log " + subcommand + " không có cờ", "log " + subcommand + " has no flag",
                   "--" + *flag, spelled, err);
  }
  if (subcommand == "create") return CreateLog(args, now, out, err);
  if (args.words.size() > 2) {
    err << Say("thừa đối số: '", "unexpected argument: '") << TerminalSafe(args.words[2]) << "'\n";
    return kUsage;
  }
  return ListLogs(args, out, err);
}

}  // namespace

int RunAdmin(const std::vector<std::string>& argv, absl::Time now, std::ostream& out,
             std::ostream& err) {
  const AdminArgs args = SplitArgs(argv, kValued);
  if (absl::Status language = SetLanguageFrom(args.Get("lang", "vi")); !language.ok()) {
    err << "--lang: " << TerminalSafe(language.message()) << "\n";
    return kUsage;
  }
  if (args.words.empty()) {
    if (args.Has("help")) {
      out << Usage("");
      return 0;
    }
    err << Usage("");
    return kUsage;
  }
  const std::string& command = args.words[0];
  if (command == "help") {
    return Help(std::vector<std::string>(args.words.begin() + 1, args.words.end()), out, err);
  }
  if (command == "token") return Token(args, now, out, err);
  if (command == "log") return Log(args, now, out, err);
  return Unknown("không có lệnh", "no command", command, {"token", "log", "help"}, err);
}

}  // namespace minhbach::clients::admin
