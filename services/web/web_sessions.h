// Browser sessions: a signed-in browser holds a random session id in an
// HttpOnly cookie; the server keeps, for that id, the personal token it was
// exchanged for and a CSRF token the page must echo on every POST. Calls made
// for the session carry the token itself, so a revoked token ends its
// sessions at once and roles are the token's.
#ifndef MINHBACH_SERVICES_WEB_WEB_SESSIONS_H_
#define MINHBACH_SERVICES_WEB_WEB_SESSIONS_H_

#include <map>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace minhbach::services::web {

struct WebSession {
  std::string token;  // the personal token ("mbt_...")
  std::string csrf;   // what X-CSRF-Token must say
};

// Thread-safe.
class WebSessions {
 public:
  // Sessions unused for `idle` end; at most `max_sessions` exist (beyond,
  // the least recently used one ends), and at most `max_per_token` for one
  // token (beyond, that token's least recently used one ends: one person
  // signing in over and over cannot push everyone else's sessions out).
  WebSessions(absl::Duration idle, size_t max_sessions, size_t max_per_token = 32)
      : idle_(idle), max_(max_sessions), max_per_token_(max_per_token) {}

  // A new session for `token`: its id (the cookie's value) and CSRF token,
  // 256 random bits each (OpenSSL's RAND_bytes), base64url.
  std::pair<std::string, WebSession> Create(const std::string& token);

  // The live session of `id`, which counts as a use; nullopt when there is
  // none (never made, ended or idle too long).
  std::optional<WebSession> Find(const std::string& id);

  void End(const std::string& id);

  size_t size() const;

 private:
  struct Entry {
    WebSession session;
    absl::Time last_used;
  };
  void DropIdleLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Ends the least recently used session of `token` (all when empty) while
  // there are `limit` or more.
  void DropOldestLocked(const std::string& token, size_t limit) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const absl::Duration idle_;
  const size_t max_;
  const size_t max_per_token_;
  mutable absl::Mutex mu_;
  std::map<std::string, Entry> sessions_ ABSL_GUARDED_BY(mu_);
};

// Whether `a` and `b` are equal, in time that depends on their lengths only.
bool SameSecret(const std::string& a, const std::string& b);

}  // namespace minhbach::services::web

#endif  // MINHBACH_SERVICES_WEB_WEB_SESSIONS_H_
