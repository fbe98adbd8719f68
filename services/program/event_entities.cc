#include "services/program/event_entities.h"

#include <algorithm>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "minhbach/v1/plan_events.pb.h"
#include "minhbach/v1/program_events.pb.h"
#include "minhbach/v1/reporting_events.pb.h"
#include "minhbach/v1/supervision_events.pb.h"

namespace minhbach::program {
namespace {

namespace pb = google::protobuf;

bool NamesAnEntity(const pb::FieldDescriptor& field) {
  return field.type() == pb::FieldDescriptor::TYPE_STRING && !field.is_repeated() &&
         (absl::EndsWith(field.name(), "_id") || field.name() == "subject" ||
          field.name() == "period");
}

}  // namespace

const std::vector<std::string>& ProgramEventTypes() {
  static const std::vector<std::string>* types = [] {
    auto* names = new std::vector<std::string>();
    for (const pb::FileDescriptor* file :
         {v1::PlanIssued::descriptor()->file(), v1::AssignmentMade::descriptor()->file(),
          v1::VillageReportSubmitted::descriptor()->file(),
          v1::SupervisionPlanned::descriptor()->file()}) {
      for (int i = 0; i < file->message_type_count(); ++i) {
        const pb::Descriptor* message = file->message_type(i);
        // Values inside events (TargetValue) are not events.
        if (message->name() != "TargetValue") names->push_back(message->name());
      }
    }
    std::sort(names->begin(), names->end());
    return names;
  }();
  return *types;
}

std::vector<std::string> EventTypesOfKind(absl::string_view kind) {
  const std::vector<std::string>& types = ProgramEventTypes();
  if (std::find(types.begin(), types.end(), kind) != types.end()) return {std::string(kind)};
  std::vector<std::string> matching;
  const std::string wanted = absl::AsciiStrToLower(kind);
  for (const std::string& type : types) {
    if (!wanted.empty() && absl::StrContains(absl::AsciiStrToLower(type), wanted)) {
      matching.push_back(type);
    }
  }
  return matching;
}

std::vector<std::string> EventEntities(const v1::EventRecord& record) {
  std::vector<std::string> entities = {record.stream()};
  const pb::Descriptor* type = pb::DescriptorPool::generated_pool()->FindMessageTypeByName(
      "minhbach.v1." + record.event_type());
  if (type == nullptr) return entities;
  std::unique_ptr<pb::Message> payload(
      pb::MessageFactory::generated_factory()->GetPrototype(type)->New());
  if (!payload->ParseFromString(record.payload())) return entities;
  const pb::Reflection* reflection = payload->GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const pb::FieldDescriptor* field = type->field(i);
    if (!NamesAnEntity(*field)) continue;
    std::string value = reflection->GetString(*payload, field);
    if (!value.empty() && std::find(entities.begin(), entities.end(), value) == entities.end()) {
      entities.push_back(std::move(value));
    }
  }
  return entities;
}

}  // namespace minhbach::program
