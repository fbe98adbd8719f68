// A process that appends to a log until it is killed, recording every
// acknowledged append in a side file: "<first position> <count> <first event id hex>".
// Used by durability_test to check that nothing acknowledged is lost to SIGKILL.
//
//   minhbach_test_log_writer DATA_DIR ACK_FILE THREADS
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "storage/event_log.h"
#include "storage/uuid.h"

using namespace minhbach::storage;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s DATA_DIR ACK_FILE THREADS\n", argv[0]);
    return 2;
  }
  absl::StatusOr<std::unique_ptr<EventLog>> log = EventLog::Open(argv[1], {});
  if (!log.ok()) {
    std::fprintf(stderr, "open: %s\n", log.status().ToString().c_str());
    return 1;
  }
  const int ack_fd = open(argv[2], O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (ack_fd < 0) return 1;
  const int threads = std::atoi(argv[3]);
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      for (uint64_t i = 0;; ++i) {
        AppendRequest request;
        request.stream = absl::StrCat("writer-", t);
        request.actor = "writer";
        for (uint64_t k = 0; k <= i % 3; ++k) {
          NewEvent event;
          event.event_id = NewRandomUuid();
          event.event_type = "Written";
          event.payload = absl::StrCat("thread ", t, " append ", i, " event ", k);
          request.events.push_back(std::move(event));
        }
        const std::string first_id = request.events[0].event_id;
        absl::StatusOr<AppendResult> result = (*log)->Append(std::move(request));
        if (!result.ok()) {
          std::fprintf(stderr, "append: %s\n", result.status().ToString().c_str());
          std::_Exit(1);
        }
        const std::string line = absl::StrCat(result->first_position, " ", result->count, " ",
                                              absl::BytesToHexString(first_id), "\n");
        if (write(ack_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
          std::_Exit(1);
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
}
