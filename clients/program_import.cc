#include "clients/program_import.h"

#include <openssl/sha.h>

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/connection.h"
#include "google/protobuf/util/json_util.h"
#include "minhbach/v1/household_service.pb.h"
#include "minhbach/v1/program_service.pb.h"
#include "services/domain/illustrative.h"
#include "services/rpc/raw_unary_call.h"

namespace minhbach::clients {
namespace {

namespace pb = google::protobuf;

// The command RPC whose request type is `request`, as "/pkg.Service/Method".
std::string MethodFor(const pb::Descriptor* request) {
  for (const pb::FileDescriptor* file : {v1::CommandMeta::descriptor()->file(),
                                         v1::RegisterHouseholdRequest::descriptor()->file()}) {
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        const pb::MethodDescriptor* method = file->service(s)->method(m);
        if (method->input_type() == request) {
          return absl::StrCat("/", file->service(s)->full_name(), "/", method->name());
        }
      }
    }
  }
  return "";
}

// The step's command message, or nullptr when it has none.
const pb::Message* CommandOf(const v1::ImportStep& step) {
  const pb::OneofDescriptor* oneof = step.GetDescriptor()->FindOneofByName("command");
  const pb::FieldDescriptor* field = step.GetReflection()->GetOneofFieldDescriptor(step, oneof);
  return field == nullptr ? nullptr : &step.GetReflection()->GetMessage(step, field);
}

}  // namespace

std::string ImportEventId(const std::string& key) {
  const std::string input = absl::StrCat("minhbach-import:", key);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), 16);
}

absl::StatusOr<v1::ProgramImport> ParseImportFile(const std::string& json) {
  v1::ProgramImport file;
  pb::util::Status parsed = pb::util::JsonStringToMessage(json, &file);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the import file is not a ProgramImport in JSON: ", parsed.message().ToString()));
  }
  std::set<std::string> keys;
  for (int i = 0; i < file.steps_size(); ++i) {
    const v1::ImportStep& step = file.steps(i);
    const std::string where = absl::StrCat("step ", i + 1, " (key \"", step.key(), "\")");
    if (step.key().empty()) return absl::InvalidArgumentError(absl::StrCat(where, " has no key"));
    if (!keys.insert(step.key()).second) {
      return absl::InvalidArgumentError(absl::StrCat(where, " repeats an earlier step's key"));
    }
    if (CommandOf(step) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(where, " has no command"));
    }
  }
  return file;
}

absl::StatusOr<ImportSummary> ImportProgram(
    const v1::ProgramImport& file, const std::shared_ptr<grpc::Channel>& channel,
    const std::map<std::string, std::string>& tokens, int timeout_seconds,
    const std::function<void(const ImportedStep&)>& on_step) {
  ImportSummary summary;
  for (int i = 0; i < file.steps_size(); ++i) {
    const v1::ImportStep& step = file.steps(i);
    const std::string role = step.as().empty() ? "coordinator" : step.as();
    const std::string where = absl::StrCat("step ", i + 1, " of ", file.steps_size(), " (key \"",
                                           step.key(), "\", as ", role, ")");
    const pb::Message* command = CommandOf(step);
    if (command == nullptr)
      return absl::InvalidArgumentError(absl::StrCat(where, " has no command"));
    auto token = tokens.find(role);
    if (token == tokens.end()) {
      return absl::NotFoundError(
          absl::StrCat(where, ": no token for role '", role, "' in the client tokens file"));
    }
    // The request with its event id derived from the key (unless it has one).
    std::unique_ptr<pb::Message> request(command->New());
    request->CopyFrom(*command);
    const pb::FieldDescriptor* meta_field = request->GetDescriptor()->FindFieldByName("meta");
    auto* meta = static_cast<v1::CommandMeta*>(
        request->GetReflection()->MutableMessage(request.get(), meta_field));
    if (meta->event_id().empty()) meta->set_event_id(ImportEventId(step.key()));
    if (file.illustrative() && meta->correlation_id().empty()) {
      meta->set_correlation_id(absl::StrCat(domain::kIllustrativeCorrelationPrefix, step.key()));
    }

    ImportedStep done;
    done.index = i + 1;
    done.total = file.steps_size();
    done.key = step.key();
    done.method = MethodFor(request->GetDescriptor());
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token->second);
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(timeout_seconds)));
    std::string response;
    const grpc::Status status = services::RawUnaryCall(channel, &context, done.method,
                                                       request->SerializeAsString(), &response);
    if (!status.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat(where, " was refused: ", DescribeStatus(status),
                       ". Steps before it are recorded; fix this one and import the file again"));
    }
    if (!done.result.ParseFromString(response)) {
      return absl::DataLossError(absl::StrCat(where, ": the server's answer does not parse"));
    }
    ++(done.result.duplicate() ? summary.already_recorded : summary.written);
    summary.end_position = std::max<uint64_t>(summary.end_position, done.result.position() + 1);
    on_step(done);
  }
  return summary;
}

}  // namespace minhbach::clients
