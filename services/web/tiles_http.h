// The log as C2SP tlog-tiles over HTTP, under /tiles/ (opt-in: minhbachd
// --serve_tiles): /tiles/checkpoint, signed at the log's current size;
// /tiles/tile/<L>/<N>[.p/<W>] from the stored tree nodes; and
// /tiles/tile/entries/<N>[.p/<W>] from the stored events. The same bytes as
// `minhbach-log export-tiles` writes, so a cache, a CDN or a static mirror
// can stand in front. A tile of any width never changes: cached a year; the
// checkpoint: revalidated. Any origin may read (a public, verifiable log).
#ifndef MINHBACH_SERVICES_WEB_TILES_HTTP_H_
#define MINHBACH_SERVICES_WEB_TILES_HTTP_H_

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "storage/event_log.h"
#include "storage/signed_note.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace minhbach::services::web {

inline constexpr char kTilesPrefix[] = "/tiles/";

class TilesHttp {
 public:
  // Both must outlive this.
  TilesHttp(const storage::EventLog* log, const storage::note::Signer* key)
      : log_(log), key_(key) {}
  // A GET of a path under kTilesPrefix.
  void Serve(const httplib::Request& request, httplib::Response& response);

 private:
  absl::StatusOr<std::string> Checkpoint();

  const storage::EventLog* log_;
  const storage::note::Signer* key_;
  absl::Mutex mutex_;
  uint64_t signed_size_ ABSL_GUARDED_BY(mutex_) = UINT64_MAX;
  std::string signed_text_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace minhbach::services::web

#endif  // MINHBACH_SERVICES_WEB_TILES_HTTP_H_
