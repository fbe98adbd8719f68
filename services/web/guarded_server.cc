#include "services/web/guarded_server.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>

#include "absl/time/clock.h"

namespace minhbach::services::web {
namespace {

// Set by a handler on the thread that serves its connection.
thread_local bool close_after_request = false;

// How often a wait looks whether the server is stopping.
constexpr absl::Duration kStopCheck = absl::Milliseconds(100);
// How long a connection over its peer's share waits before it is queued again.
constexpr absl::Duration kRequeuePause = absl::Milliseconds(10);

// Waits up to `timeout` for `events` on `sock`, in slices, giving up when
// the server stops (its listening socket is closed).
bool WaitFor(socket_t sock, short events, absl::Duration timeout,
             const std::atomic<socket_t>& server_socket) {
  const absl::Time end = absl::Now() + timeout;
  while (server_socket != INVALID_SOCKET) {
    const absl::Duration left = end - absl::Now();
    if (left <= absl::ZeroDuration()) return false;
    pollfd entry{sock, events, 0};
    const int ready =
        poll(&entry, 1, static_cast<int>(absl::ToInt64Milliseconds(std::min(left, kStopCheck))));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
  return false;
}

void AddressOf(const sockaddr_storage& address, socklen_t length, std::string* ip, int* port) {
  char host[NI_MAXHOST] = "";
  char service[NI_MAXSERV] = "";
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof(host), service,
                  sizeof(service), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    *ip = host;
    *port = atoi(service);
  }
}

// A connection's socket as cpp-httplib's Stream, with the request deadline
// and the header bound.
class GuardedStream : public httplib::Stream {
 public:
  GuardedStream(socket_t sock, const ConnectionLimits& limits, absl::Duration read_timeout,
                absl::Duration write_timeout, const std::atomic<socket_t>& server_socket)
      : sock_(sock),
        limits_(limits),
        read_timeout_(read_timeout),
        write_timeout_(write_timeout),
        server_socket_(server_socket) {}

  void StartRequest() {
    deadline_ = absl::Now() + limits_.request_deadline;
    header_bytes_ = 0;
    in_headers_ = true;
  }
  void HeadersRead() { in_headers_ = false; }

  bool is_readable() const override {
    const absl::Duration left = deadline_ - absl::Now();
    return left > absl::ZeroDuration() &&
           WaitFor(sock_, POLLIN, std::min(left, read_timeout_), server_socket_);
  }
  // Room to write, and the peer still there (a live stream learns so that
  // its browser went away).
  bool is_writable() const override {
    if (!WaitFor(sock_, POLLOUT, write_timeout_, server_socket_)) return false;
    pollfd entry{sock_, POLLIN, 0};
    if (poll(&entry, 1, 0) <= 0) return true;
    char byte;
    return recv(sock_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) != 0;
  }
  ssize_t read(char* ptr, size_t size) override {
    if (in_headers_) {
      if (header_bytes_ >= limits_.max_header_bytes) return -1;
      size = std::min(size, limits_.max_header_bytes - header_bytes_);
    }
    if (!is_readable()) return -1;
    const ssize_t got = recv(sock_, ptr, size, 0);
    if (got > 0 && in_headers_) header_bytes_ += static_cast<size_t>(got);
    return got;
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (!WaitFor(sock_, POLLOUT, write_timeout_, server_socket_)) return -1;
    return send(sock_, ptr, size, MSG_NOSIGNAL);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (getpeername(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      AddressOf(address, length, &ip, &port);
    }
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      AddressOf(address, length, &ip, &port);
    }
  }
  socket_t socket() const override { return sock_; }

 private:
  const socket_t sock_;
  const ConnectionLimits& limits_;
  const absl::Duration read_timeout_, write_timeout_;
  const std::atomic<socket_t>& server_socket_;
  absl::Time deadline_ = absl::InfinitePast();
  size_t header_bytes_ = 0;
  bool in_headers_ = true;
};

}  // namespace

GuardedServer::GuardedServer(ConnectionLimits limits, int threads) : limits_(limits) {
  new_task_queue = [this, threads] {
    auto* pool = new httplib::ThreadPool(threads);
    queue_ = pool;
    return pool;
  };
}

void GuardedServer::CloseConnectionAfterThisRequest() { close_after_request = true; }

bool GuardedServer::WaitForRequest(socket_t sock) const {
  return WaitFor(sock, POLLIN, absl::Seconds(keep_alive_timeout_sec_), svr_sock_);
}

bool GuardedServer::Enter(const std::string& peer) {
  absl::MutexLock lock(&mu_);
  size_t& count = connections_[peer];
  if (count >= limits_.max_connections_per_peer) {
    if (count == 0) connections_.erase(peer);
    return false;
  }
  ++count;
  return true;
}

void GuardedServer::Leave(const std::string& peer) {
  absl::MutexLock lock(&mu_);
  auto it = connections_.find(peer);
  if (it != connections_.end() && --it->second == 0) connections_.erase(it);
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  GuardedStream stream(
      sock, limits_, absl::Seconds(read_timeout_sec_) + absl::Microseconds(read_timeout_usec_),
      absl::Seconds(write_timeout_sec_) + absl::Microseconds(write_timeout_usec_), svr_sock_);
  std::string peer;
  int port = 0;
  stream.get_remote_ip_and_port(peer, port);
  if (Enter(peer)) {
    for (size_t left = keep_alive_max_count_; left > 0 && WaitForRequest(sock); --left) {
      stream.StartRequest();
      close_after_request = false;
      bool connection_closed = false;
      const bool answered =
          process_request(stream, /*close_connection=*/left == 1, connection_closed,
                          [&stream](httplib::Request&) { stream.HeadersRead(); });
      if (!answered || connection_closed || close_after_request) break;
    }
    Leave(peer);
  } else if (svr_sock_ != INVALID_SOCKET && queue_ != nullptr) {
    // Its peer holds its share of threads: back to the queue, after a pause
    // so that a queue of such connections does not spin.
    absl::SleepFor(kRequeuePause);
    queue_->enqueue([this, sock] { process_and_close_socket(sock); });
    return true;
  }
  shutdown(sock, SHUT_RDWR);
  close(sock);
  return true;
}

}  // namespace minhbach::services::web
