#include "clients/event_text.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
// Linked so that the generated pool holds every payload type.
#include "clients/terminal_text.h"
#include "clients/text/formats.h"
#include "clients/text/language.h"
#include "clients/text/program_words.h"
#include "services/domain/illustrative.h"
#include "services/program/event_payload.h"
#include "storage/utf8.h"

namespace minhbach::clients {

std::string PayloadJson(const v1::EventRecord& record) {
  namespace pb = google::protobuf;
  std::string json;
  if (std::unique_ptr<pb::Message> payload = program::DecodeEventPayload(record)) {
    pb::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    if (pb::util::MessageToJsonString(*payload, &json, options).ok()) return json;
  }
  // A payload written by hand (minhbach append ext/notes ...): its text, as
  // a JSON string (escaped by protobuf's JSON printer).
  if (storage::IsValidUtf8(record.payload())) {
    pb::Value text;
    text.set_string_value(record.payload());
    if (pb::util::MessageToJsonString(text, &json).ok()) return json;
  }
  return absl::StrCat("{\"bytes\":", record.payload().size(), "}");
}

bool IsIllustrativeEvent(const v1::EventRecord& record) {
  return domain::IsIllustrative(record.correlation_id());
}

std::string EventHeader() {
  return absl::StrCat(PadLeft(Say("VỊ TRÍ", "POS"), 6), "  ",
                      PadRight(Say("GHI NHẬN (GIỜ VN)", "RECORDED (VIETNAM)"), 24),
                      PadRight(Say("NGÀY PS", "BUSINESS"), 11),
                      PadRight(Say("NGƯỜI THỰC HIỆN", "ACTOR"), 20),
                      PadRight(Say("SỰ KIỆN", "EVENT"), 28), Say("NỘI DUNG", "WHAT"), "\n");
}

std::string BusinessDate(const v1::EventRecord& r) {
  if (r.business_time_micros() == 0) return "";
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixMicros(r.business_time_micros()),
                          absl::UTCTimeZone());
}

std::string EventRow(const v1::EventRecord& r) {
  const std::string business = BusinessDate(r);
  return absl::StrCat(
      PadLeft(absl::StrCat(r.position()), 6), "  ",
      PadRight(FormatVietnamTime(absl::FromUnixMicros(r.recorded_time_micros())), 24),
      PadRight(FormatDate(business), 11), PadRight(TerminalSafe(r.actor()), 20),
      PadRight(TerminalSafe(EventTypeWord(r.event_type())), 28),
      IsIllustrativeEvent(r) ? Say("[minh họa] ", "[illustrative] ") : "",
      TerminalSafe(PayloadJson(r)), "\n");
}

std::string EventJson(const v1::EventRecord& r, bool proven) {
  std::string record;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(r, &record, options);
  return absl::StrCat("{\"event\":", record, ",\"payload\":", PayloadJson(r),
                      proven ? ",\"proven\":true" : "", "}\n");
}

}  // namespace minhbach::clients
