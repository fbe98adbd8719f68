#include "services/web/live_events.h"

#include <httplib.h>

#include "absl/strings/str_cat.h"

namespace minhbach::services::web {

LiveEvents::LiveEvents(const storage::EventLog* log, LiveOptions options)
    : shared_(std::make_shared<Shared>()) {
  shared_->log = log;
  shared_->options = options;
}

size_t LiveEvents::open_streams() const { return shared_->open.load(); }

void LiveEvents::Shutdown() { shared_->stopping.store(true); }

bool LiveEvents::Serve(httplib::Response* response) {
  std::shared_ptr<Shared> shared = shared_;
  if (shared->stopping.load()) return false;
  if (shared->open.fetch_add(1) >= shared->options.max_streams) {
    shared->open.fetch_sub(1);
    return false;
  }
  struct Stream {
    bool head_sent = false;
    uint64_t size = 0;
    absl::Time started = absl::Now();
    absl::Time last_write = absl::Now();
  };
  auto stream = std::make_shared<Stream>();
  auto head = [](uint64_t size) {
    return absl::StrCat("event: head\ndata: {\"logSize\":\"", size, "\"}\n\n");
  };
  response->set_header("Cache-Control", "no-store");
  response->set_chunked_content_provider(
      "text/event-stream; charset=utf-8",
      [shared, stream, head](size_t, httplib::DataSink& sink) {
        if (!stream->head_sent) {
          stream->head_sent = true;
          stream->size = shared->log->Size();
          const std::string event = head(stream->size);
          return sink.write(event.data(), event.size());
        }
        while (true) {
          const absl::Time now = absl::Now();
          if (shared->stopping.load() || now - stream->started >= shared->options.max_duration) {
            sink.done();
            return true;
          }
          const uint64_t size =
              shared->log->WaitForSizeAbove(stream->size, now + shared->options.poll);
          if (size > stream->size) {
            stream->size = size;
            stream->last_write = absl::Now();
            const std::string event = head(size);
            return sink.write(event.data(), event.size());
          }
          if (absl::Now() - stream->last_write >= shared->options.keepalive) {
            stream->last_write = absl::Now();
            static constexpr char kKeepalive[] = ": keepalive\n\n";
            return sink.write(kKeepalive, sizeof(kKeepalive) - 1);
          }
          if (!sink.is_writable()) return false;  // the browser went away
        }
      },
      [shared](bool) { shared->open.fetch_sub(1); });
  return true;
}

}  // namespace minhbach::services::web
