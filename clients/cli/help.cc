#include "clients/cli/help.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "absl/flags/reflection.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "clients/cli/cli_support.h"
#include "clients/cli/flag_meanings.h"
#include "clients/text/language.h"

namespace minhbach::clients {
namespace {

// The roles a token can hold (services/auth/identity.h; the client does not
// link the server's code).
const std::vector<std::string> kRoles = {"coordinator", "implementer", "village", "supervisor",
                                         "district",    "service",     "admin"};

bool IsHelpFlag(const std::string& name) {
  return name == "help" || name == "h" || name == "helpfull" || name == "helpshort" || name == "?";
}

// "as-of" or "as_of_date" typed -> "as_of_date".
std::string AbseilName(std::string name) {
  std::replace(name.begin(), name.end(), '-', '_');
  if (name == "as_of") return "as_of_date";
  return name;
}

// "as_of_date" -> "--as-of", as the guide spells it.
std::string Spelled(const std::string& name) {
  if (name == "as_of_date") return "--as-of";
  return absl::StrCat("--", absl::StrReplaceAll(name, {{"_", "-"}}));
}

bool IsBoolFlag(const std::string& name) {
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  return flag != nullptr && flag->IsOfType<bool>();
}

std::string Summary(const CliCommand& command) {
  return command.summary_vi.empty() ? command.summary : Say(command.summary_vi, command.summary);
}

// The verbs of group `group` ("make", "accept"...).
std::vector<const CliCommand*> VerbsOf(const std::vector<CliCommand>& commands,
                                       const std::string& group) {
  std::vector<const CliCommand*> verbs;
  for (const CliCommand& command : commands) {
    if (absl::StartsWith(command.name, group + " ")) verbs.push_back(&command);
  }
  return verbs;
}

std::string VerbList(const std::vector<const CliCommand*>& verbs) {
  std::string text;
  for (const CliCommand* verb : verbs) {
    absl::StrAppend(&text, "  minhbach ", verb->name, "  ", Summary(*verb), "\n");
  }
  return text;
}

std::string FlagLine(const std::string& name) {
  std::string shown = absl::StrCat(Spelled(name), IsBoolFlag(name) ? "" : "=...");
  if (shown.size() < 22) shown.resize(22, ' ');
  return absl::StrCat("  ", shown, " ", FlagMeaning(name), "\n");
}

std::string ExitCodes() {
  return Say("Mã thoát: 0 xong; 1 kiểm chứng thất bại; 2 sai cách dùng hoặc máy chủ báo lỗi.\n",
             "Exit status: 0 done; 1 a verification failed; 2 bad usage or an error from the "
             "server.\n");
}

std::string CommandHelp(const std::vector<CliCommand>& commands, const CliCommand& command) {
  std::string text = absl::StrCat("minhbach ", command.name, ": ", Summary(command), "\n\n",
                                  Say("Cách dùng", "Usage"), ":\n  minhbach ", command.usage, "\n");
  if (!command.flags.empty()) {
    absl::StrAppend(&text, "\n", Say("Cờ", "Flags"), ":\n");
    for (const std::string& flag : command.flags) absl::StrAppend(&text, FlagLine(flag));
  }
  const std::vector<const CliCommand*> verbs = VerbsOf(commands, command.name);
  if (!verbs.empty()) {
    absl::StrAppend(&text, "\n", Say("Các lệnh ghi của nhóm này", "Recording commands"), ":\n",
                    VerbList(verbs));
  }
  absl::StrAppend(&text, "\n", Say("Cờ kết nối (mọi lệnh)", "Connection flags (every command)"),
                  ": ");
  std::vector<std::string> shown;
  for (const std::string& flag : ConnectionFlags()) shown.push_back(Spelled(flag));
  absl::StrAppend(&text, absl::StrJoin(shown, " "), "\n");
  if (!command.role.empty()) {
    const std::string unit =
        command.unit_flag.empty()
            ? ""
            : Say(absl::StrCat(" (hoặc --role=", command.role, ":<--", command.unit_flag,
                               ">, khi danh sách mã có dòng đó)"),
                  absl::StrCat(" (or --role=", command.role, ":<--", command.unit_flag,
                               ">, when the token list has that line)"));
    absl::StrAppend(&text, Say(absl::StrCat("Bản chạy thử: không có --token thì dùng --role=",
                                            command.role, unit, ".\n"),
                               absl::StrCat("Quick start: without --token, --role=", command.role,
                                            unit, " is used.\n")));
  }
  if (!command.example.empty()) {
    absl::StrAppend(&text, "\n", Say("Ví dụ", "Example"), ":\n  minhbach ", command.example, "\n");
  }
  absl::StrAppend(&text, "\n", ExitCodes());
  return text;
}

std::string Overview(const std::vector<CliCommand>& commands) {
  std::string text = Say("minhbach: máy khách dòng lệnh của minhbachd\n\n",
                         "minhbach: the command-line client of minhbachd\n\n");
  for (const CliCommand& command : commands) {
    std::string name = command.name;
    if (name.size() < 26) name.resize(26, ' ');
    absl::StrAppend(&text, "  minhbach ", name, "  ", Summary(command), "\n");
  }
  absl::StrAppend(
      &text, "\n",
      Say("`minhbach help LỆNH` hoặc `minhbach LỆNH --help`: cách dùng một lệnh và các cờ của "
          "nó. Cờ viết với gạch nối: --as-of=D, --as-of-position=N. --lang=en: tiếng Anh.\n",
          "`minhbach help COMMAND` or `minhbach COMMAND --help`: one command's usage and flags. "
          "Flags may be spelled with hyphens: --as-of=D, --as-of-position=N. --lang=vi: "
          "Vietnamese.\n"),
      ExitCodes());
  return text;
}

std::vector<std::string> CommandNames(const std::vector<CliCommand>& commands) {
  std::vector<std::string> names;
  for (const CliCommand& command : commands) names.push_back(command.name);
  return names;
}

// "lowercase-word": could be a mistyped verb rather than an id.
bool LooksLikeVerb(const std::string& word) {
  return word.size() >= 3 && std::all_of(word.begin(), word.end(),
                                         [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

}  // namespace

ScannedLine ScanCommandLine(const std::vector<std::string>& argv) {
  ScannedLine line;
  bool flags_ended = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (flags_ended || arg.size() < 2 || arg[0] != '-') {
      line.words.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    const size_t start = arg[1] == '-' ? 2 : 1;
    const size_t equals = arg.find('=');
    const std::string name = AbseilName(
        arg.substr(start, equals == std::string::npos ? std::string::npos : equals - start));
    if (IsHelpFlag(name)) {
      line.help = true;
      continue;
    }
    line.flags.emplace_back(arg.substr(0, equals), name);
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (!IsBoolFlag(name) && absl::FindCommandLineFlag(name) != nullptr &&
               i + 1 < argv.size()) {
      value = argv[++i];
    }
    if (name == "lang") line.lang = value;
  }
  return line;
}

const std::vector<std::string>& ConnectionFlags() {
  // The log's public key describes the server too; scripts give it to every command.
  static const auto* flags = new std::vector<std::string>{
      "server", "log",      "token",   "role",    "config", "client_tokens",
      "tls_ca", "tls_cert", "tls_key", "timeout", "lang",   "log_key"};
  return *flags;
}

int EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string ClosestMatch(const std::string& typed, const std::vector<std::string>& candidates) {
  std::string best;
  int best_distance = std::max<int>(2, typed.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    const int distance = EditDistance(typed, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

const CliCommand* FindCommand(const std::vector<CliCommand>& commands,
                              const std::vector<std::string>& words, size_t* name_words) {
  if (words.empty()) return nullptr;
  if (words.size() >= 2) {
    const std::string verb = absl::StrCat(words[0], " ", words[1]);
    for (const CliCommand& command : commands) {
      if (command.name == verb) {
        *name_words = 2;
        return &command;
      }
    }
  }
  for (const CliCommand& command : commands) {
    if (command.name == words[0]) {
      *name_words = 1;
      return &command;
    }
  }
  return nullptr;
}

const CliCommand& CommandOrFail(const std::vector<CliCommand>& commands, const ScannedLine& line,
                                size_t* name_words) {
  if (line.words.empty()) {
    std::fprintf(stderr, "%s", Overview(commands).c_str());
    Fail(Say("cho biết lệnh cần chạy, ví dụ: minhbach status",
             "give a command, e.g. minhbach status"));
  }
  const std::string& first = line.words[0];
  const std::vector<const CliCommand*> verbs = VerbsOf(commands, first);
  std::vector<std::string> verb_names;
  for (const CliCommand* verb : verbs) verb_names.push_back(verb->name.substr(first.size() + 1));
  const CliCommand* command = FindCommand(commands, line.words, name_words);
  if (command == nullptr || (*name_words == 1 && !verbs.empty() && line.words.size() >= 2)) {
    // A group's verb mistyped ("assignment mkae") rather than an id.
    if (line.words.size() >= 2 && !verbs.empty() && LooksLikeVerb(line.words[1])) {
      // Ids such as target ids are lower-case words too: only a near miss is a slip.
      if (const std::string close = ClosestMatch(line.words[1], verb_names);
          !close.empty() && EditDistance(close, line.words[1]) <= 2) {
        Fail(Say(absl::StrCat("không có lệnh \"", first, " ", line.words[1], "\"; ý bạn là `",
                              first, " ", close, "`?"),
                 absl::StrCat("there is no command \"", first, " ", line.words[1],
                              "\"; did you mean `", first, " ", close, "`?")));
      }
    }
  }
  if (command == nullptr && !verbs.empty()) {
    std::fprintf(stderr, "%s", VerbList(verbs).c_str());
    Fail(Say(absl::StrCat("cho biết việc cần ghi: ", first, " ", absl::StrJoin(verb_names, "|")),
             absl::StrCat("give what to record: ", first, " ", absl::StrJoin(verb_names, "|"))));
  }
  if (command == nullptr) {
    const std::string close = ClosestMatch(first, CommandNames(commands));
    Fail(Say(
        absl::StrCat("không có lệnh \"", first, "\"",
                     close.empty() ? "" : absl::StrCat("; ý bạn là `minhbach ", close, "`?"),
                     " (minhbach help: danh sách lệnh)"),
        absl::StrCat("there is no command \"", first, "\"",
                     close.empty() ? "" : absl::StrCat("; did you mean `minhbach ", close, "`?"),
                     " (minhbach help lists them)")));
  }
  std::vector<std::string> taken = command->flags;
  taken.insert(taken.end(), ConnectionFlags().begin(), ConnectionFlags().end());
  for (const auto& [typed, name] : line.flags) {
    const bool negated = absl::StartsWith(name, "no") && IsBoolFlag(name.substr(2));
    const std::string base = negated ? name.substr(2) : name;
    if (std::find(taken.begin(), taken.end(), base) != taken.end()) continue;
    std::vector<std::string> spelled;
    for (const std::string& flag : taken) spelled.push_back(Spelled(flag));
    const std::string close = ClosestMatch(Spelled(base), spelled);
    const std::string hint = close.empty() ? ""
                                           : Say(absl::StrCat("; ý bạn là ", close, "?"),
                                                 absl::StrCat("; did you mean ", close, "?"));
    const bool exists = absl::FindCommandLineFlag(base) != nullptr;
    Fail(absl::StrCat(
        exists ? Say(absl::StrCat("lệnh `", command->name, "` không nhận cờ ", typed),
                     absl::StrCat("`", command->name, "` does not take ", typed))
               : Say(absl::StrCat("không có cờ ", typed), absl::StrCat("there is no flag ", typed)),
        hint,
        Say(absl::StrCat(" (minhbach help ", command->name, ": các cờ của lệnh)"),
            absl::StrCat(" (minhbach help ", command->name, " lists its flags)"))));
  }
  const size_t given = line.words.size() - *name_words;
  if (given < command->arguments.size()) {
    const std::string missing = command->arguments[given];
    std::string text = Say(absl::StrCat("thiếu ", missing, ": minhbach ", command->usage),
                           absl::StrCat("give the ", missing, ": minhbach ", command->usage));
    if (!verbs.empty() && *name_words == 1) {
      absl::StrAppend(&text, Say("; hoặc một lệnh ghi: ", "; or a recording command: "), first, " ",
                      absl::StrJoin(verb_names, "|"));
    }
    Fail(text);
  }
  return *command;
}

void CheckRole(const std::string& role) {
  // "village:thon-2": the quick-start token of one unit or village of a role.
  const std::string base = role.substr(0, role.find(':'));
  if (std::find(kRoles.begin(), kRoles.end(), base) != kRoles.end()) return;
  const std::string close = ClosestMatch(base, kRoles);
  Fail(Say(absl::StrCat("không có vai trò --role=", role,
                        close.empty() ? "" : absl::StrCat(" (ý bạn là ", close, "?)"),
                        "; các vai trò: ", absl::StrJoin(kRoles, ", "),
                        " (hoặc VAI-TRÒ:ĐƠN-VỊ, ví dụ village:thon-2)"),
           absl::StrCat("there is no role --role=", role,
                        close.empty() ? "" : absl::StrCat(" (did you mean ", close, "?)"),
                        "; the roles are: ", absl::StrJoin(kRoles, ", "),
                        " (or ROLE:UNIT, e.g. village:thon-2)")));
}

int PrintHelp(const std::vector<CliCommand>& commands, const std::vector<std::string>& words) {
  if (words.empty()) {
    std::printf("%s", Overview(commands).c_str());
    return 0;
  }
  size_t name_words = 0;
  if (const CliCommand* command = FindCommand(commands, words, &name_words)) {
    std::printf("%s", CommandHelp(commands, *command).c_str());
    return 0;
  }
  if (const std::vector<const CliCommand*> verbs = VerbsOf(commands, words[0]); !verbs.empty()) {
    std::printf("%s:\n%s\n%s", Say("Các lệnh", "Commands").c_str(), VerbList(verbs).c_str(),
                ExitCodes().c_str());
    return 0;
  }
  const std::string close = ClosestMatch(words[0], CommandNames(commands));
  Fail(Say(
      absl::StrCat("không có lệnh \"", words[0], "\"",
                   close.empty() ? "" : absl::StrCat("; ý bạn là `minhbach help ", close, "`?")),
      absl::StrCat(
          "there is no command \"", words[0], "\"",
          close.empty() ? "" : absl::StrCat("; did you mean `minhbach help ", close, "`?"))));
}

}  // namespace minhbach::clients
