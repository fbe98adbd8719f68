// What the server spends on readers: how large one response may be, how
// much memory all responses being built or sent may hold together, and how
// long a reader may leave a stream unread.
//
// The numbers, with the defaults (1 MiB payloads): an event's largest
// encoding is about 2 MiB (its raw bytes and the same record decoded), a
// response holds at most kMaxResponseBytes (3 MiB) or one event, whichever
// is larger, so every response fits gRPC's default 4 MiB receive limit.
#ifndef MINHBACH_SERVICES_LOG_API_READ_LIMITS_H_
#define MINHBACH_SERVICES_LOG_API_READ_LIMITS_H_

#include <cstddef>

#include "absl/time/time.h"

namespace minhbach::services {

// gRPC's default limit on a received message, which most clients keep.
inline constexpr size_t kClientReceiveLimit = 4 << 20;

// Largest encoded response of several events; a response of one event may be
// larger, up to MaxEventEncodedBytes.
inline constexpr size_t kMaxResponseBytes = 3 << 20;

// Everything in an encoded v1::Event (and a TimelineItem around it) but the
// payload, twice: five text fields of at most 512 bytes, the id, the numbers,
// the framing, an inclusion proof of up to 64 hashes; rounded well up.
inline constexpr size_t kEventOverheadBytes = 16 << 10;

// The largest encoding of one event whose payload has at most `max_payload_bytes`.
constexpr size_t MaxEventEncodedBytes(size_t max_payload_bytes) {
  return 2 * (max_payload_bytes + kEventOverheadBytes);
}

struct ReadLimits {
  // Memory all readers together may hold for events read, responses being
  // built, and messages gRPC has not sent yet (--read_memory_bytes).
  size_t memory_bytes = 256 << 20;
  // A stream whose client has not taken its last message for this long is
  // ended with RESOURCE_EXHAUSTED (--reader_stall_timeout).
  absl::Duration stall_timeout = absl::Seconds(30);
  // The largest encoding of an event the log may hold (from --max_event_bytes).
  size_t max_event_encoded_bytes = MaxEventEncodedBytes(1 << 20);
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_LOG_API_READ_LIMITS_H_
