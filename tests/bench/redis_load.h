// Durable XADDs into Redis from N clients, each its own hiredis async
// connection with one command in flight, all on one thread with poll(2): as
// redis-benchmark drives its clients.
#ifndef MINHBACH_TESTS_BENCH_REDIS_LOAD_H_
#define MINHBACH_TESTS_BENCH_REDIS_LOAD_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/bench/latency_log.h"

namespace minhbach::bench {

// Each client appends `XADD <its stream> * id <uuid> payload <payload>`,
// one at a time, for one slice of `duration` recorded into `log`. Errors:
// UNAVAILABLE when a connection cannot be made.
absl::Status RunRedisAppends(int port, int clients, absl::Duration duration,
                             const std::string& payload, int round, LatencyLog& log);

}  // namespace minhbach::bench

#endif  // MINHBACH_TESTS_BENCH_REDIS_LOAD_H_
