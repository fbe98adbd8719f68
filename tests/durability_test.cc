// Acknowledged appends survive SIGKILL: a real writer process is killed at
// several moments, and every append it saw acknowledged must be in the log,
// in order, with dense positions and a consistent Merkle tree.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "storage/event_log.h"
#include "tests/log_test_util.h"
#include "tests/temp_dir.h"

namespace minhbach::storage {
namespace {

using ::minhbach::testing::OpenOrDie;
using ::minhbach::testing::TempDir;

struct Ack {
  uint64_t position;
  uint64_t count;
  std::string first_id;
};

std::vector<Ack> ReadAcks(const std::string& path) {
  std::vector<Ack> acks;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    Ack ack;
    std::string hex;
    if (fields >> ack.position >> ack.count >> hex && hex.size() == 32) {
      ack.first_id = absl::HexStringToBytes(hex);
      acks.push_back(ack);
    }  // a torn last line was never fully acknowledged to us; skip it
  }
  return acks;
}

pid_t StartWriter(const std::string& data, const std::string& acks) {
  const pid_t pid = fork();
  if (pid == 0) {
    execl(MINHBACH_LOG_WRITER_PATH, MINHBACH_LOG_WRITER_PATH, data.c_str(), acks.c_str(), "4",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// Waits until the ack file has grown past `lines` lines (or 30 s pass).
void WaitForAcks(const std::string& path, size_t lines) {
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (ReadAcks(path).size() < lines && absl::Now() < give_up)
    absl::SleepFor(absl::Milliseconds(5));
}

void CheckLogHoldsAcks(EventLog& log, const std::vector<Ack>& acks) {
  const uint64_t size = log.Size();
  for (const Ack& ack : acks) {
    ASSERT_LE(ack.position + ack.count, size) << "acknowledged append lost";
    StoredEvent first = log.GetEvent(ack.position).value();
    EXPECT_EQ(first.record.event_id(), ack.first_id) << "at position " << ack.position;
    for (uint64_t k = 1; k < ack.count; ++k) {
      StoredEvent next = log.GetEvent(ack.position + k).value();
      EXPECT_EQ(next.record.stream(), first.record.stream());
      EXPECT_EQ(next.record.stream_version(), first.record.stream_version() + k);
    }
  }
  // Dense positions (ReadAll checks each key) and a tree that matches the bytes.
  merkle::CompactRange recomputed;
  for (uint64_t next = 0; next < size;) {
    std::vector<StoredEvent> page = log.ReadAll(next, 10000).value();
    ASSERT_FALSE(page.empty());
    for (const StoredEvent& event : page) {
      ASSERT_EQ(event.record.position(), next++);
      recomputed.Append(merkle::HashLeaf(event.raw), [](int, uint64_t, const merkle::Hash&) {});
    }
  }
  EXPECT_EQ(log.RootAt(size).value(), recomputed.Root());
}

TEST(DurabilityTest, AcknowledgedAppendsSurviveSigkillAtRandomMoments) {
  TempDir dir;
  const std::string data = dir.Sub("log"), acks = dir.Sub("acks");
  std::mt19937 random(20240101);
  size_t acked_before = 0;
  for (int cycle = 0; cycle < 6; ++cycle) {
    const pid_t writer = StartWriter(data, acks);
    ASSERT_GT(writer, 0);
    WaitForAcks(acks, acked_before + 1);  // the writer is up and appending
    absl::SleepFor(absl::Milliseconds(std::uniform_int_distribution<int>(0, 300)(random)));
    ASSERT_EQ(kill(writer, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(writer, &status, 0), writer);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer died on its own: " << status;

    const std::vector<Ack> seen = ReadAcks(acks);
    ASSERT_GT(seen.size(), acked_before) << "cycle " << cycle << " acknowledged nothing";
    acked_before = seen.size();
    std::unique_ptr<EventLog> log = OpenOrDie(data);
    ASSERT_NE(log, nullptr);
    CheckLogHoldsAcks(*log, seen);
  }
}

}  // namespace
}  // namespace minhbach::storage
