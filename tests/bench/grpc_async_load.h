// Unary calls to a minhbach server from N clients with gRPC's callback API
// (one call in flight per client, the next issued from the previous one's
// completion), `clients_per_channel` clients sharing one HTTP/2 connection.
#ifndef MINHBACH_TESTS_BENCH_GRPC_ASYNC_LOAD_H_
#define MINHBACH_TESTS_BENCH_GRPC_ASYNC_LOAD_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/bench/latency_log.h"

namespace minhbach::bench {

// Channels of their own (distinct connections) to one server.
class GrpcChannels {
 public:
  // Connects ceil(max_clients / clients_per_channel) channels to `address`
  // and checks each with one health check one Append and one GetEvent (so that a wrong
  // token fails before any figure). UNAVAILABLE naming what failed.
  static absl::StatusOr<GrpcChannels> Connect(const std::string& address, const std::string& token,
                                              int max_clients, int clients_per_channel);

  grpc::Channel& ForClient(int client) const { return *channels_[client / clients_per_channel_]; }
  const std::string& token() const { return token_; }

 private:
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::string token_;
  int clients_per_channel_ = 1;
};

// EventLog/Append of one event (a fresh id, `payload`) to the client's own
// stream ext/load-<round>-<client>, for one slice of `duration` recorded
// into `log`.
void RunGrpcAppends(const GrpcChannels& channels, int clients, absl::Duration duration,
                    const std::string& payload, int round, LatencyLog& log);

// EventLog/GetEvent of position 0 with the token: the cheapest call of
// minhbach's own services (authentication, a callback handler, one read).
void RunGrpcReads(const GrpcChannels& channels, int clients, absl::Duration duration,
                  LatencyLog& log);

// The standard health check with an empty request: no token, no handler
// work, no storage (the transport's own cost).
void RunGrpcEmptyCalls(const GrpcChannels& channels, int clients, absl::Duration duration,
                       LatencyLog& log);

}  // namespace minhbach::bench

#endif  // MINHBACH_TESTS_BENCH_GRPC_ASYNC_LOAD_H_
