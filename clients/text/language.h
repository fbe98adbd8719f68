// The language of what a person reads: Vietnamese by default, English with
// --lang=en. JSON output never depends on it.
#ifndef MINHBACH_CLIENTS_TEXT_LANGUAGE_H_
#define MINHBACH_CLIENTS_TEXT_LANGUAGE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace minhbach::clients {

enum class Language { kVietnamese, kEnglish };

// The language texts are written in (process-wide; set once at start).
Language CurrentLanguage();
void SetLanguage(Language language);

// "vi" or "en" (also "vi-VN", "en-US"...); InvalidArgument naming the
// accepted values otherwise.
absl::Status SetLanguageFrom(absl::string_view name);

// `vietnamese` or `english`, whichever the current language is.
std::string Say(absl::string_view vietnamese, absl::string_view english);

}  // namespace minhbach::clients

#endif  // MINHBACH_CLIENTS_TEXT_LANGUAGE_H_
