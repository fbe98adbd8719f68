#include "services/program/event_entities.h"

#include <algorithm>
#include <memory>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "minhbach/v1/household_events.pb.h"
#include "minhbach/v1/plan_events.pb.h"
#include "minhbach/v1/program_events.pb.h"
#include "minhbach/v1/reporting_events.pb.h"
#include "minhbach/v1/supervision_events.pb.h"
#include "services/program/event_payload.h"
#include "services/program/program_streams.h"

namespace minhbach::program {
namespace {

namespace pb = google::protobuf;

bool NamesAnEntity(const pb::FieldDescriptor& field) {
  return field.type() == pb::FieldDescriptor::TYPE_STRING && !field.is_repeated() &&
         (absl::EndsWith(field.name(), "_id") || field.name() == "subject" ||
          field.name() == "period");
}

void AddOnce(std::vector<std::string>& entities, std::string value) {
  if (!value.empty() && std::find(entities.begin(), entities.end(), value) == entities.end()) {
    entities.push_back(std::move(value));
  }
}

// The typed payload of a program event; null for any other event or a
// payload that does not parse.
std::unique_ptr<pb::Message> ProgramPayload(const v1::EventRecord& record) {
  if (!ParseProgramStream(record.stream())) return nullptr;
  return DecodeEventPayload(record);
}

// The string field `name` of `payload`; empty when it has none.
std::string StringField(const pb::Message& payload, absl::string_view name) {
  const pb::FieldDescriptor* field = payload.GetDescriptor()->FindFieldByName(std::string(name));
  if (field == nullptr || field->type() != pb::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return "";
  }
  return payload.GetReflection()->GetString(payload, field);
}

}  // namespace

std::string SupervisionItemId(absl::string_view supervision_id, absl::string_view item_id) {
  return absl::StrCat(supervision_id, "/", item_id);
}

std::string ReviewItemId(absl::string_view owner_id, absl::string_view item_id) {
  return absl::StrCat(owner_id, "/", item_id);
}

const std::vector<std::string>& ProgramEventTypes() {
  static const std::vector<std::string>* types = [] {
    auto* names = new std::vector<std::string>();
    for (const pb::FileDescriptor* file :
         {v1::PlanIssued::descriptor()->file(), v1::AssignmentMade::descriptor()->file(),
          v1::VillageReportSubmitted::descriptor()->file(),
          v1::SupervisionPlanned::descriptor()->file(),
          v1::HouseholdRegistered::descriptor()->file()}) {
      for (int i = 0; i < file->message_type_count(); ++i) {
        const pb::Descriptor* message = file->message_type(i);
        // Values inside events (TargetValue, the standard's lines and
        // indicators, the sealed personal data) are not events.
        static const std::set<std::string> kValues = {"TargetValue", "PovertyAreaLine",
                                                      "PovertyIndicator", "HouseholdMember",
                                                      "HouseholdPersonalData"};
        if (kValues.count(message->name()) == 0) names->push_back(message->name());
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
  const std::unique_ptr<pb::Message> payload = ProgramPayload(record);
  if (payload == nullptr) return entities;
  const pb::Descriptor* type = payload->GetDescriptor();
  const pb::Reflection* reflection = payload->GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const pb::FieldDescriptor* field = type->field(i);
    if (NamesAnEntity(*field)) AddOnce(entities, reflection->GetString(*payload, field));
  }
  // A complaint is named within its review, a support within its household.
  const std::string review = StringField(*payload, "review_id");
  const std::string complaint = StringField(*payload, "complaint_id");
  if (!review.empty() && !complaint.empty()) AddOnce(entities, ReviewItemId(review, complaint));
  const std::string household = StringField(*payload, "household_id");
  const std::string support = StringField(*payload, "support_id");
  if (!household.empty() && !support.empty()) {
    AddOnce(entities, ReviewItemId(household, support));
  }
  const std::string supervision = StringField(*payload, "supervision_id");
  if (!supervision.empty()) {
    for (absl::string_view item : {"finding_id", "recommendation_id"}) {
      const std::string id = StringField(*payload, item);
      if (!id.empty()) AddOnce(entities, SupervisionItemId(supervision, id));
    }
  }
  return entities;
}

std::vector<EntityLink> EntityLinks(const v1::EventRecord& record) {
  const std::unique_ptr<pb::Message> payload = ProgramPayload(record);
  if (payload == nullptr) return {};
  const std::string& type = record.event_type();
  std::vector<EntityLink> links;
  auto link = [&links](std::string child, std::string owner) {
    if (!child.empty() && !owner.empty() && child != owner) {
      links.push_back({std::move(child), std::move(owner)});
    }
  };
  const std::string subproject = StringField(*payload, "subproject_id");
  const std::string supervision = StringField(*payload, "supervision_id");
  if (type == "AssignmentMade") {
    link(StringField(*payload, "assignment_id"), subproject);
  } else if (type == "BudgetAllocated") {
    link(StringField(*payload, "allocation_id"), subproject);
  } else if (type == "DisbursementRecorded") {
    link(StringField(*payload, "disbursement_id"), subproject);
  } else if (type == "HouseholdRegistered") {
    link(StringField(*payload, "household_id"), StringField(*payload, "village_id"));
  } else if (type == "ComplaintFiled") {
    const std::string review = StringField(*payload, "review_id");
    link(ReviewItemId(review, StringField(*payload, "complaint_id")), review);
  } else if (type == "SupportGiven") {
    const std::string household = StringField(*payload, "household_id");
    link(ReviewItemId(household, StringField(*payload, "support_id")), household);
  } else if (type == "FindingRecorded") {
    link(SupervisionItemId(supervision, StringField(*payload, "finding_id")),
         StringField(*payload, "subject"));
  } else if (type == "RecommendationIssued") {
    link(SupervisionItemId(supervision, StringField(*payload, "recommendation_id")),
         SupervisionItemId(supervision, StringField(*payload, "finding_id")));
  }
  return links;
}

}  // namespace minhbach::program
