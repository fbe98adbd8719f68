#include "services/program_api/command_pool.h"

#include <algorithm>
#include <utility>

namespace minhbach::services {

CommandPool::CommandPool(Options options) : options_(options) {
  const int threads = std::max(1, options_.threads);
  threads_.reserve(threads);
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

CommandPool::~CommandPool() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
}

bool CommandPool::TrySchedule(std::function<void()> task) {
  absl::MutexLock lock(&mutex_);
  if (queue_.size() >= options_.max_queued) return false;
  queue_.push_back(std::move(task));
  return true;
}

void CommandPool::Work() {
  for (;;) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(
          +[](CommandPool* pool) ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool->mutex_) {
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
