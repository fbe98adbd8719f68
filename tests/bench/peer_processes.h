// PostgreSQL 15 and Redis 7, started from Debian's packages in a scratch
// directory on loopback, durable before they acknowledge: the peers of the
// peer benchmark (peer_benchmark.cc).
#ifndef MINHBACH_TESTS_BENCH_PEER_PROCESSES_H_
#define MINHBACH_TESTS_BENCH_PEER_PROCESSES_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace minhbach::bench {

// A child process, stopped (`stop_signal`, then waited for) on destruction.
// Not thread-safe.
class ChildProcess {
 public:
  // Starts `args` (args[0] a path) with stdout and stderr to `log_path`; as
  // root, as the user `run_as` (empty: the caller's user).
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(const std::vector<std::string>& args,
                                                             const std::string& log_path,
                                                             const std::string& run_as,
                                                             int stop_signal);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // True while the process has not exited.
  bool Alive();
  pid_t pid() const { return pid_; }

 private:
  ChildProcess(pid_t pid, int stop_signal) : pid_(pid), stop_signal_(stop_signal) {}
  pid_t pid_;
  int stop_signal_;
  bool exited_ = false;
};

struct PostgresPeer {
  std::unique_ptr<ChildProcess> process;
  std::string conninfo;  // libpq connection string of the "events" database
};

// initdb and postgres from `bin_dir` (/usr/lib/postgresql/15/bin) in
// `dir`/postgres, on a free 127.0.0.1 port, fsync=on, synchronous_commit=on,
// as `run_as` when root (postgres refuses root). Creates the event-store
// table `events`. FAILED_PRECONDITION naming the missing program or the
// startup log when it cannot.
absl::StatusOr<PostgresPeer> StartPostgres(const std::string& bin_dir, const std::string& dir,
                                           const std::string& run_as);

struct RedisPeer {
  std::unique_ptr<ChildProcess> process;
  int port = 0;
};

// redis-server (`server_path`) in `dir`/redis on a free 127.0.0.1 port with
// appendonly yes and appendfsync always: an XADD is answered after its AOF
// write is fsynced. Waits until it answers PING.
absl::StatusOr<RedisPeer> StartRedis(const std::string& server_path, const std::string& dir,
                                     const std::string& run_as);

// A port on 127.0.0.1 that was free a moment ago.
absl::StatusOr<int> FreeLoopbackPort();

}  // namespace minhbach::bench

#endif  // MINHBACH_TESTS_BENCH_PEER_PROCESSES_H_
