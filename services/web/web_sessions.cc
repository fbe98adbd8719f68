#include "services/web/web_sessions.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdlib>

#include "absl/strings/escaping.h"

namespace minhbach::services::web {
namespace {

// 256 random bits, base64url without padding.
std::string RandomId() {
  unsigned char bytes[32];
  // RAND_bytes fails only when the system has no entropy source at all: no
  // session may then be made with a guessable id.
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) std::abort();
  return absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
}

}  // namespace

bool SameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::pair<std::string, WebSession> WebSessions::Create(const std::string& token) {
  std::string id = RandomId();
  WebSession session{token, RandomId()};
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  DropIdleLocked(now);
  DropOldestLocked(token, max_per_token_);
  DropOldestLocked("", max_);
  sessions_[id] = Entry{session, now};
  return {std::move(id), std::move(session)};
}

std::optional<WebSession> WebSessions::Find(const std::string& id) {
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_used > idle_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second.session;
}

void WebSessions::End(const std::string& id) {
  absl::MutexLock lock(&mu_);
  sessions_.erase(id);
}

size_t WebSessions::size() const {
  absl::MutexLock lock(&mu_);
  return sessions_.size();
}

void WebSessions::DropOldestLocked(const std::string& token, size_t limit) {
  while (true) {
    size_t count = 0;
    auto oldest = sessions_.end();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (!token.empty() && it->second.session.token != token) continue;
      ++count;
      if (oldest == sessions_.end() || it->second.last_used < oldest->second.last_used) {
        oldest = it;
      }
    }
    if (count == 0 || count < limit) return;
    sessions_.erase(oldest);
  }
}

void WebSessions::DropIdleLocked(absl::Time now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = now - it->second.last_used > idle_ ? sessions_.erase(it) : std::next(it);
  }
}

}  // namespace minhbach::services::web
