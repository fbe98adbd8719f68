// cpp-httplib's plain-HTTP server, with the connection loop made to stand a
// hostile client. cpp-httplib reads a request on one of its pool's threads
// with a timeout per read only, so a client that sends its headers a byte a
// second holds a thread for ever (slowloris): 48 of them lock everyone out,
// and an endless stream of header lines grows memory without bound. Here
//  - the request line, headers and body must all arrive within a deadline,
//    and a read ends as soon as the server stops;
//  - the request line and headers together are at most max_header_bytes;
//  - one peer address holds at most max_connections_per_peer threads at
//    once: its other connections go back to the end of the queue (holding
//    no thread) until one of its own ends, so a few clients cannot take
//    every thread, and a client's burst of requests is still all answered;
//  - a handler may ask that the connection close after its answer (a body
//    it refused unread must not be read as the next request).
// Under TLS cpp-httplib's own loop (httplib::SSLServer) is used unchanged.
#ifndef MINHBACH_SERVICES_WEB_GUARDED_SERVER_H_
#define MINHBACH_SERVICES_WEB_GUARDED_SERVER_H_

#include <httplib.h>

#include <map>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace minhbach::services::web {

struct ConnectionLimits {
  absl::Duration request_deadline = absl::Seconds(20);
  size_t max_header_bytes = 64 << 10;
  size_t max_connections_per_peer = 16;
};

class GuardedServer : public httplib::Server {
 public:
  // `threads` serve connections (cpp-httplib's ThreadPool).
  GuardedServer(ConnectionLimits limits, int threads);

  // From a handler: the connection closes once this request is answered.
  static void CloseConnectionAfterThisRequest();

 private:
  // Overrides cpp-httplib's (private, virtual) per-connection loop.
  bool process_and_close_socket(socket_t sock) override;
  // Whether `sock` has bytes (or an end) to read within the keep-alive wait.
  bool WaitForRequest(socket_t sock) const;
  bool Enter(const std::string& peer);
  void Leave(const std::string& peer);

  const ConnectionLimits limits_;
  httplib::TaskQueue* queue_ = nullptr;  // the running pool, set by new_task_queue
  absl::Mutex mu_;
  std::map<std::string, size_t> connections_ ABSL_GUARDED_BY(mu_);  // by peer address
};

}  // namespace minhbach::services::web

#endif  // MINHBACH_SERVICES_WEB_GUARDED_SERVER_H_
