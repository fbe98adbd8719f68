// EventLog.BatchAppend from N clients with gRPC's callback API: one
// long-lived stream per client, one message of `appends_per_message`
// appends in flight on it.
#ifndef MINHBACH_TESTS_BENCH_GRPC_BATCH_LOAD_H_
#define MINHBACH_TESTS_BENCH_GRPC_BATCH_LOAD_H_

#include <string>

#include "absl/time/time.h"
#include "tests/bench/grpc_async_load.h"
#include "tests/bench/latency_log.h"

namespace minhbach::bench {

// Each client appends one event (a fresh id, `payload`) per append to its
// own stream ext/batch-<round>-<client>, for one slice of `duration`; every
// append counts as one operation, with its message's latency.
void RunGrpcBatchAppends(const GrpcChannels& channels, int clients, int appends_per_message,
                         absl::Duration duration, const std::string& payload, int round,
                         LatencyLog& log);

}  // namespace minhbach::bench

#endif  // MINHBACH_TESTS_BENCH_GRPC_BATCH_LOAD_H_
