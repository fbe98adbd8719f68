#include "services/program/event_payload.h"

#include "google/protobuf/descriptor.h"
#include "minhbach/v1/household_events.pb.h"
#include "minhbach/v1/plan_events.pb.h"
#include "minhbach/v1/program_events.pb.h"
#include "minhbach/v1/reporting_events.pb.h"
#include "minhbach/v1/supervision_events.pb.h"

namespace minhbach::program {

std::unique_ptr<google::protobuf::Message> DecodeEventPayload(const v1::EventRecord& record) {
  namespace pb = google::protobuf;
  // One type of each file, so that a static link keeps their descriptors.
  (void)v1::PlanIssued::descriptor();
  (void)v1::AssignmentMade::descriptor();
  (void)v1::VillageReportSubmitted::descriptor();
  (void)v1::SupervisionPlanned::descriptor();
  (void)v1::HouseholdRegistered::descriptor();
  const pb::Descriptor* type = pb::DescriptorPool::generated_pool()->FindMessageTypeByName(
      "minhbach.v1." + record.event_type());
  if (type == nullptr) return nullptr;
  std::unique_ptr<pb::Message> payload(
      pb::MessageFactory::generated_factory()->GetPrototype(type)->New());
  if (!payload->ParseFromString(record.payload())) return nullptr;
  return payload;
}

}  // namespace minhbach::program
