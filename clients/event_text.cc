#include "clients/event_text.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
// Linked so that the generated pool holds every payload type.
#include "clients/terminal_text.h"
#include "minhbach/v1/plan_events.pb.h"
#include "minhbach/v1/program_events.pb.h"
#include "minhbach/v1/reporting_events.pb.h"
#include "minhbach/v1/supervision_events.pb.h"
#include "storage/utf8.h"

namespace minhbach::clients {

std::string PayloadJson(const v1::EventRecord& record) {
  namespace pb = google::protobuf;
  // Touch one type of each file so that their descriptors are registered.
  (void)v1::PlanIssued::descriptor();
  (void)v1::AssignmentMade::descriptor();
  (void)v1::VillageReportSubmitted::descriptor();
  (void)v1::SupervisionPlanned::descriptor();
  const pb::Descriptor* type = pb::DescriptorPool::generated_pool()->FindMessageTypeByName(
      "minhbach.v1." + record.event_type());
  std::string json;
  if (type != nullptr) {
    std::unique_ptr<pb::Message> payload(
        pb::MessageFactory::generated_factory()->GetPrototype(type)->New());
    pb::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    if (payload->ParseFromString(record.payload()) &&
        pb::util::MessageToJsonString(*payload, &json, options).ok()) {
      return json;
    }
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

std::string EventHeader() {
  return absl::StrFormat("%6s  %-20s %-10s %-20s %-26s %s\n", "POS", "RECORDED (UTC)", "BUSINESS",
                         "ACTOR", "EVENT", "WHAT");
}

std::string EventRow(const v1::EventRecord& r) {
  return absl::StrFormat(
      "%6d  %-20s %-10s %-20s %-26s %s\n", r.position(),
      absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixMicros(r.recorded_time_micros()),
                       absl::UTCTimeZone()),
      absl::FormatTime("%Y-%m-%d", absl::FromUnixMicros(r.business_time_micros()),
                       absl::UTCTimeZone()),
      TerminalSafe(r.actor()), TerminalSafe(r.event_type()), TerminalSafe(PayloadJson(r)));
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
