#include "services/web/schema_json.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace minhbach::services::web {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::Struct;
using google::protobuf::Value;

bool Wanted(const std::string& full_name) {
  return absl::StartsWith(full_name, "minhbach.v1.") || full_name == "google.protobuf.Timestamp";
}

void AddEnum(const EnumDescriptor* type, Struct* enums) {
  if (!Wanted(type->full_name())) return;
  Struct& values = *(*enums->mutable_fields())[type->full_name()].mutable_struct_value();
  for (int i = 0; i < type->value_count(); ++i) {
    (*values.mutable_fields())[std::to_string(type->value(i)->number())].set_string_value(
        type->value(i)->name());
  }
}

void AddMessage(const Descriptor* type, Struct* messages, Struct* enums) {
  for (int i = 0; i < type->nested_type_count(); ++i) {
    AddMessage(type->nested_type(i), messages, enums);
  }
  for (int i = 0; i < type->enum_type_count(); ++i) AddEnum(type->enum_type(i), enums);
  if (!Wanted(type->full_name())) return;
  std::vector<const FieldDescriptor*> fields;
  for (int i = 0; i < type->field_count(); ++i) fields.push_back(type->field(i));
  std::sort(fields.begin(), fields.end(), [](const FieldDescriptor* a, const FieldDescriptor* b) {
    return a->number() < b->number();
  });
  Struct& message = *(*messages->mutable_fields())[type->full_name()].mutable_struct_value();
  auto* list = (*message.mutable_fields())["fields"].mutable_list_value();
  for (const FieldDescriptor* field : fields) {
    Struct& entry = *list->add_values()->mutable_struct_value();
    auto& out = *entry.mutable_fields();
    out["no"].set_number_value(field->number());
    out["name"].set_string_value(field->json_name());
    out["type"].set_string_value(field->type_name());
    out["repeated"].set_bool_value(field->is_repeated());
    if (field->message_type() != nullptr) {
      out["typeName"].set_string_value(field->message_type()->full_name());
    } else if (field->enum_type() != nullptr) {
      out["typeName"].set_string_value(field->enum_type()->full_name());
    }
  }
}

void AddFile(const FileDescriptor* file, std::set<const FileDescriptor*>* seen, Struct* messages,
             Struct* enums) {
  if (file == nullptr || !seen->insert(file).second) return;
  for (int i = 0; i < file->dependency_count(); ++i) {
    AddFile(file->dependency(i), seen, messages, enums);
  }
  for (int i = 0; i < file->message_type_count(); ++i) {
    AddMessage(file->message_type(i), messages, enums);
  }
  for (int i = 0; i < file->enum_type_count(); ++i) AddEnum(file->enum_type(i), enums);
}

}  // namespace

std::string SchemaJson(const std::vector<std::string>& proto_files) {
  Struct messages, enums;
  std::set<const FileDescriptor*> seen;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : proto_files) {
    AddFile(pool->FindFileByName(name), &seen, &messages, &enums);
  }
  AddFile(google::protobuf::Timestamp::descriptor()->file(), &seen, &messages, &enums);
  Struct schema;
  *(*schema.mutable_fields())["messages"].mutable_struct_value() = std::move(messages);
  *(*schema.mutable_fields())["enums"].mutable_struct_value() = std::move(enums);
  std::string json;
  // Names and numbers only: always valid UTF-8, so printing cannot fail.
  (void)google::protobuf::util::MessageToJsonString(schema, &json);
  return json;
}

std::vector<std::string> CompiledProtoFiles() {
  return absl::StrSplit(MINHBACH_PROTO_FILES, ',', absl::SkipEmpty());
}

}  // namespace minhbach::services::web
