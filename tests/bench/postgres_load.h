// Durable appends into PostgreSQL's event-store table from N clients, each
// its own libpq connection, all multiplexed on one thread with poll(2): as
// pgbench drives its clients.
#ifndef MINHBACH_TESTS_BENCH_POSTGRES_LOAD_H_
#define MINHBACH_TESTS_BENCH_POSTGRES_LOAD_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/bench/latency_log.h"

namespace minhbach::bench {

// Each client inserts one event (a fresh UUID, `payload` as bytea) per
// transaction into its own stream at the next version, one statement in
// flight, for one slice of `duration` recorded into `log`. `round` keeps
// the streams of successive calls apart. Errors: UNAVAILABLE when a
// connection cannot be made.
absl::Status RunPostgresAppends(const std::string& conninfo, int clients, absl::Duration duration,
                                const std::string& payload, int round, LatencyLog& log);

}  // namespace minhbach::bench

#endif  // MINHBACH_TESTS_BENCH_POSTGRES_LOAD_H_
