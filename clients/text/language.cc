#include "clients/text/language.h"

#include <atomic>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace minhbach::clients {
namespace {

std::atomic<Language> current{Language::kVietnamese};

}  // namespace

Language CurrentLanguage() { return current.load(std::memory_order_relaxed); }

void SetLanguage(Language language) { current.store(language, std::memory_order_relaxed); }

absl::Status SetLanguageFrom(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "vi" || absl::StartsWith(lower, "vi-") || absl::StartsWith(lower, "vi_")) {
    SetLanguage(Language::kVietnamese);
  } else if (lower == "en" || absl::StartsWith(lower, "en-") || absl::StartsWith(lower, "en_")) {
    SetLanguage(Language::kEnglish);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--lang nhận vi (tiếng Việt) hoặc en (English), không nhận \"", name,
                     "\" / --lang takes vi or en"));
  }
  return absl::OkStatus();
}

std::string Say(absl::string_view vietnamese, absl::string_view english) {
  return std::string(CurrentLanguage() == Language::kEnglish ? english : vietnamese);
}

}  // namespace minhbach::clients
