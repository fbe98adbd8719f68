#include "services/program_api/task_pool.h"

#include <algorithm>
#include <utility>

namespace minhbach::services {

TaskPool::TaskPool(Options options) : options_(options) {
  const int threads = std::max(1, options_.threads);
  threads_.reserve(threads);
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

TaskPool::~TaskPool() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
}

bool TaskPool::TrySchedule(std::function<void()>&& task) {
  absl::MutexLock lock(&mutex_);
  if (queue_.size() >= options_.max_queued) return false;
  queue_.push_back(std::move(task));
  return true;
}

void TaskPool::Work() {
  for (;;) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(
          +[](TaskPool* pool) ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool->mutex_) {
            return pool->stopping_ || !pool->queue_.empty();
          },
          this));
      if (queue_.empty()) return;  // stopping, and nothing left to run
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

}  // namespace minhbach::services
