// A fixed set of threads that run tasks handed over by gRPC callbacks, so
// that no callback thread blocks: a command body (a stream read, an fsync)
// or the answer to a read that has waited for the log's views.
//
//   TaskPool pool({.threads = 16, .max_queued = 256});
//   if (!pool.TrySchedule([] { ...read, decide, append, Finish... })) {
//     ... answer RESOURCE_EXHAUSTED ...
//   }
//
// The queue is bounded so that a flood of commands waiting on a slow disk
// costs a bounded amount of memory and is told to come back, rather than
// being held until it times out.
//
// Thread-safe. The destructor runs every task already queued, then joins.
#ifndef MINHBACH_SERVICES_PROGRAM_API_TASK_POOL_H_
#define MINHBACH_SERVICES_PROGRAM_API_TASK_POOL_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace minhbach::services {

class TaskPool {
 public:
  struct Options {
    int threads = 16;         // tasks run (a command waits for its fsync) at once
    size_t max_queued = 256;  // tasks waiting for a thread; beyond: refused
  };

  explicit TaskPool(Options options);
  ~TaskPool();

  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  // Queues `task` to run on one of the pool's threads. False, without
  // running it and leaving `task` as it was, when max_queued tasks are
  // already waiting.
  [[nodiscard]] bool TrySchedule(std::function<void()>&& task);

  const Options& options() const { return options_; }

 private:
  void Work();

  const Options options_;

  absl::Mutex mutex_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;

  std::vector<std::thread> threads_;  // set in the constructor only
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_PROGRAM_API_TASK_POOL_H_
