// Live updates for the browser (GET /api/live): a server-sent event stream
// that says the log's size at once and again whenever it grows,
//   event: head
//   data: {"logSize":"123"}
// with a keepalive comment now and then; the server ends a stream after a
// while (EventSource reconnects) and every stream at shutdown.
#ifndef MINHBACH_SERVICES_WEB_LIVE_EVENTS_H_
#define MINHBACH_SERVICES_WEB_LIVE_EVENTS_H_

#include <atomic>
#include <memory>

#include "absl/time/time.h"
#include "storage/event_log.h"

namespace httplib {
struct Response;
}

namespace minhbach::services::web {

struct LiveOptions {
  size_t max_streams = 32;  // each holds one of the HTTP server's threads
  absl::Duration keepalive = absl::Seconds(15);
  absl::Duration max_duration = absl::Minutes(5);
  // How long a stream waits for the log before it looks for shutdown.
  absl::Duration poll = absl::Milliseconds(200);
};

// Thread-safe.
class LiveEvents {
 public:
  // `log` must outlive every stream (the HTTP server stops first).
  LiveEvents(const storage::EventLog* log, LiveOptions options);

  // Makes `response` the event stream; false (response untouched) when
  // max_streams are open already.
  bool Serve(httplib::Response* response);

  // Ends every stream within one poll interval, and refuses new ones.
  void Shutdown();

  size_t open_streams() const;

 private:
  struct Shared {
    const storage::EventLog* log;
    LiveOptions options;
    std::atomic<size_t> open{0};
    std::atomic<bool> stopping{false};
  };
  std::shared_ptr<Shared> shared_;
};

}  // namespace minhbach::services::web

#endif  // MINHBACH_SERVICES_WEB_LIVE_EVENTS_H_
