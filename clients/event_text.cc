#include "clients/event_text.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/json_util.h"
// Linked so that the generated pool holds every payload type.
#include "minhbach/v1/plan_events.pb.h"
#include "minhbach/v1/program_events.pb.h"
#include "minhbach/v1/reporting_events.pb.h"
#include "minhbach/v1/supervision_events.pb.h"

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
  return absl::StrCat("(", record.payload().size(), " bytes)");
}

}  // namespace minhbach::clients
