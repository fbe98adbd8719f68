// Every RPC × every role, allowed or denied through the real server exactly as
// the hand-written table below says. The table is this test's own, not
// MethodPolicies() (the table the server enforces): a wrong grant there fails
// here. A new RPC needs a row in both tables and a call here.
#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "minhbach/v1/admin_service.grpc.pb.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "minhbach/v1/household_service.grpc.pb.h"
#include "minhbach/v1/program_service.grpc.pb.h"
#include "minhbach/v1/timeline_service.grpc.pb.h"
#include "services/auth/authorization.h"
#include "services/auth/identity.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::RawUnaryCallInContext;
using ::minhbach::testing::TestServer;

// Who may call what, written out by hand from the README's role table; never
// derive it from services::MethodPolicies(). One letter a role:
// C coordinator, I implementer, V village, S supervisor, D district,
// X service, A admin.
char RoleLetter(services::Role role) {
  switch (role) {
    case services::Role::kCoordinator:
      return 'C';
    case services::Role::kImplementer:
      return 'I';
    case services::Role::kVillage:
      return 'V';
    case services::Role::kSupervisor:
      return 'S';
    case services::Role::kDistrict:
      return 'D';
    case services::Role::kService:
      return 'X';
    case services::Role::kAdmin:
      return 'A';
  }
  return '?';
}

// Method -> letters of the roles allowed to call it.
const std::map<std::string, std::string>& ExpectedGrants() {
  static const auto* grants = new std::map<std::string, std::string>{
      {"/minhbach.v1.EventLog/Append", "XA"},
      {"/minhbach.v1.EventLog/BatchAppend", "XA"},
      {"/minhbach.v1.EventLog/ReadStream", "CSDXA"},
      {"/minhbach.v1.EventLog/ReadAll", "CSDXA"},
      {"/minhbach.v1.EventLog/GetEvent", "CSDXA"},
      {"/minhbach.v1.EventLog/Subscribe", "CSDXA"},
      {"/minhbach.v1.Audit/GetCheckpoint", "CIVSDXA"},
      {"/minhbach.v1.Audit/GetInclusionProof", "CIVSDXA"},
      {"/minhbach.v1.Audit/GetConsistencyProof", "CIVSDXA"},
      {"/minhbach.v1.Audit/AddCosignature", "SD"},
      {"/minhbach.v1.Admin/CreateBackup", "A"},

      {"/minhbach.v1.ProgramSetup/IssuePlan", "C"},
      {"/minhbach.v1.ProgramSetup/SetTarget", "C"},
      {"/minhbach.v1.ProgramSetup/ReviseTarget", "C"},
      {"/minhbach.v1.ProgramSetup/RegisterSubProject", "C"},
      {"/minhbach.v1.ProgramSetup/RegisterVillage", "C"},

      {"/minhbach.v1.Assignments/MakeAssignment", "C"},
      {"/minhbach.v1.Assignments/AcceptAssignment", "CI"},
      {"/minhbach.v1.Assignments/ReportProgress", "CI"},
      {"/minhbach.v1.Assignments/ChangeDueDate", "C"},
      {"/minhbach.v1.Assignments/Reassign", "C"},
      {"/minhbach.v1.Assignments/CompleteAssignment", "CI"},
      {"/minhbach.v1.Assignments/CancelAssignment", "C"},

      {"/minhbach.v1.Finance/AllocateBudget", "C"},
      {"/minhbach.v1.Finance/RecordDisbursement", "CI"},
      {"/minhbach.v1.Finance/ReverseDisbursement", "CI"},

      {"/minhbach.v1.Reporting/SubmitVillageReport", "CV"},
      {"/minhbach.v1.Reporting/ApproveVillageReport", "C"},
      {"/minhbach.v1.Reporting/ReturnVillageReport", "C"},
      {"/minhbach.v1.Reporting/ConsolidateCommuneReport", "C"},
      {"/minhbach.v1.Reporting/SendCommuneReportToDistrict", "C"},
      {"/minhbach.v1.Reporting/AcceptCommuneReport", "D"},
      {"/minhbach.v1.Reporting/ReturnCommuneReport", "D"},
      {"/minhbach.v1.Reporting/ReopenPeriod", "CD"},

      {"/minhbach.v1.Supervision/PlanSupervision", "S"},
      {"/minhbach.v1.Supervision/ConductInspection", "S"},
      {"/minhbach.v1.Supervision/RecordFinding", "S"},
      {"/minhbach.v1.Supervision/IssueRecommendation", "S"},
      {"/minhbach.v1.Supervision/SubmitResponse", "CI"},
      {"/minhbach.v1.Supervision/ResolveFinding", "S"},
      {"/minhbach.v1.Supervision/CloseFinding", "S"},
      {"/minhbach.v1.Supervision/CloseSupervision", "S"},

      {"/minhbach.v1.Households/PublishStandard", "C"},
      {"/minhbach.v1.Households/RegisterHousehold", "CV"},
      {"/minhbach.v1.Households/ChangeHouseholdDetails", "CV"},
      {"/minhbach.v1.Households/OpenReview", "C"},
      {"/minhbach.v1.Households/RecordSurvey", "CV"},
      {"/minhbach.v1.Households/AgreeVillageMeeting", "CV"},
      {"/minhbach.v1.Households/PostReviewList", "C"},
      {"/minhbach.v1.Households/FileComplaint", "CIVSDXA"},
      {"/minhbach.v1.Households/ResolveComplaint", "C"},
      {"/minhbach.v1.Households/RecognizeReview", "D"},
      {"/minhbach.v1.Households/GiveSupport", "CI"},
      {"/minhbach.v1.Households/ErasePersonalData", "C"},
      {"/minhbach.v1.Households/GetRegister", "CIVSDXA"},
      {"/minhbach.v1.Households/GetHouseholdTargets", "CIVSDXA"},
      {"/minhbach.v1.Households/GetHouseholdPersonalData", "CVSD"},
      {"/minhbach.v1.Households/GrantPersonalDataAccess", "C"},
      {"/minhbach.v1.Households/RevokePersonalDataAccess", "C"},
      {"/minhbach.v1.Households/GetPostingList", "CIVSDXA"},

      {"/minhbach.v1.ProgramStatus/GetDashboard", "CIVSDXA"},
      {"/minhbach.v1.ProgramStatus/GetSubProject", "CIVSDXA"},
      {"/minhbach.v1.ProgramStatus/GetTarget", "CIVSDXA"},
      {"/minhbach.v1.Timeline/GetTimeline", "CSDXA"},
      {"/minhbach.v1.Timeline/Replay", "CSDXA"},
  };
  return *grants;
}

// How to make one well-formed call of each RPC with a given client context.
using Call =
    std::function<grpc::Status(const std::shared_ptr<grpc::Channel>&, grpc::ClientContext*)>;

const std::map<std::string, Call>& Calls() {
  static auto* calls = new std::map<std::string, Call>{
      {"/minhbach.v1.EventLog/Append",
       [](auto channel, auto* context) {
         v1::AppendResponse response;
         return v1::EventLog::NewStub(channel)->Append(context, NewAppend("ext/matrix"), &response);
       }},
      {"/minhbach.v1.EventLog/BatchAppend",
       [](auto channel, auto* context) {
         // One message of one append; a refused call ends before any answer.
         auto stream = v1::EventLog::NewStub(channel)->BatchAppend(context);
         v1::BatchAppendRequest request;
         *request.add_appends() = NewAppend("ext/matrix");
         stream->Write(request);
         stream->WritesDone();
         v1::BatchAppendResponse response;
         while (stream->Read(&response)) {
         }
         return stream->Finish();
       }},
      {"/minhbach.v1.EventLog/ReadStream",
       [](auto channel, auto* context) {
         v1::ReadStreamRequest request;
         request.set_stream("ext/matrix");
         v1::ReadEventsResponse response;
         return v1::EventLog::NewStub(channel)->ReadStream(context, request, &response);
       }},
      {"/minhbach.v1.EventLog/ReadAll",
       [](auto channel, auto* context) {
         v1::ReadEventsResponse response;
         return v1::EventLog::NewStub(channel)->ReadAll(context, v1::ReadAllRequest(), &response);
       }},
      {"/minhbach.v1.EventLog/GetEvent",
       [](auto channel, auto* context) {
         v1::GetEventRequest request;
         request.set_position(0);
         v1::Event response;
         return v1::EventLog::NewStub(channel)->GetEvent(context, request, &response);
       }},
      {"/minhbach.v1.EventLog/Subscribe",
       [](auto channel, auto* context) {
         // Allowed: the seed event arrives, then the short deadline ends the call.
         auto reader = v1::EventLog::NewStub(channel)->Subscribe(context, v1::SubscribeRequest());
         v1::Event event;
         while (reader->Read(&event)) {
         }
         return reader->Finish();
       }},
      {"/minhbach.v1.Audit/GetCheckpoint",
       [](auto channel, auto* context) {
         v1::SignedCheckpoint response;
         return v1::Audit::NewStub(channel)->GetCheckpoint(context, {}, &response);
       }},
      {"/minhbach.v1.Audit/GetInclusionProof",
       [](auto channel, auto* context) {
         v1::GetInclusionProofRequest request;
         request.set_position(0);
         v1::InclusionProof response;
         return v1::Audit::NewStub(channel)->GetInclusionProof(context, request, &response);
       }},
      {"/minhbach.v1.Audit/GetConsistencyProof",
       [](auto channel, auto* context) {
         v1::GetConsistencyProofRequest request;
         request.set_old_size(1);
         v1::ConsistencyProof response;
         return v1::Audit::NewStub(channel)->GetConsistencyProof(context, request, &response);
       }},
      {"/minhbach.v1.Audit/AddCosignature",
       [](auto channel, auto* context) {
         // Allowed: refused for its argument (this server trusts no witness).
         v1::AddCosignatureRequest request;
         request.set_signed_note("not a note");
         v1::SignedCheckpoint response;
         return v1::Audit::NewStub(channel)->AddCosignature(context, request, &response);
       }},
      {"/minhbach.v1.Admin/CreateBackup",
       [](auto channel, auto* context) {
         // Allowed: refused for its argument, not for the caller.
         v1::CreateBackupRequest request;
         request.set_destination("relative/path");
         v1::Backup response;
         return v1::Admin::NewStub(channel)->CreateBackup(context, request, &response);
       }},
  };
  // The program's RPCs, each with an empty request: an allowed caller is
  // refused for the empty fields (or answered), never for who it is, since
  // the role table is checked before anything else.
  static const bool program_calls_added = [] {
    for (const google::protobuf::FileDescriptor* file :
         {v1::CommandMeta::descriptor()->file(), v1::TimelineRequest::descriptor()->file(),
          v1::RegisterRequest::descriptor()->file()}) {
      for (int s = 0; s < file->service_count(); ++s) {
        for (int m = 0; m < file->service(s)->method_count(); ++m) {
          const std::string method =
              "/" + file->service(s)->full_name() + "/" + file->service(s)->method(m)->name();
          (*calls)[method] = [method](auto channel, auto* context) {
            std::string response;
            return RawUnaryCallInContext(channel, context, method, "", &response);
          };
        }
      }
    }
    return true;
  }();
  (void)program_calls_added;
  // Replay streams: read it to the end (allowed: the seed event, then OK).
  (*calls)["/minhbach.v1.Timeline/Replay"] = [](auto channel, auto* context) {
    auto reader = v1::Timeline::NewStub(channel)->Replay(context, v1::ReplayRequest());
    v1::Event event;
    while (reader->Read(&event)) {
    }
    return reader->Finish();
  };
  return *calls;
}

class AuthorizationMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v1::AppendResponse response;  // one event, so that reads and proofs have something
    ASSERT_TRUE(v1::EventLog::NewStub(server_.Channel())
                    ->Append(server_.Context("service").get(), NewAppend("ext/seed"), &response)
                    .ok());
  }

  std::unique_ptr<grpc::ClientContext> ContextWithHeader(const std::string& header) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!header.empty()) context->AddMetadata("authorization", header);
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Milliseconds(500)));
    return context;
  }

  TestServer server_;
};

TEST_F(AuthorizationMatrixTest, EveryServedRpcHasAPolicyAGrantRowAndACallHere) {
  std::set<std::string> served;
  for (const google::protobuf::FileDescriptor* file :
       {v1::AppendRequest::descriptor()->file(), v1::CreateBackupRequest::descriptor()->file(),
        v1::CommandMeta::descriptor()->file(), v1::TimelineRequest::descriptor()->file(),
        v1::RegisterRequest::descriptor()->file()}) {
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        served.insert("/" + service->full_name() + "/" + service->method(m)->name());
      }
    }
  }
  std::set<std::string> enforced;
  for (const services::MethodPolicy& policy : services::MethodPolicies()) {
    enforced.insert(std::string(policy.method));
  }
  std::set<std::string> expected;
  for (const auto& [method, roles] : ExpectedGrants()) expected.insert(method);
  EXPECT_EQ(enforced, served) << "MethodPolicies() and the served RPCs differ";
  EXPECT_EQ(expected, served) << "this test's grant table and the served RPCs differ";
  for (const std::string& method : served) {
    EXPECT_EQ(Calls().count(method), 1u) << method << " has no call in this test";
  }
}

// Finding 14: the server's table is checked against this test's own table, so
// a wrong grant in MethodPolicies() fails here (both by the table and through
// the real server below).
TEST_F(AuthorizationMatrixTest, Finding14_ServerGrantsMatchTheHandWrittenTable) {
  for (const services::MethodPolicy& policy : services::MethodPolicies()) {
    std::string granted;
    for (services::Role role : services::kAllRoles) {
      if (std::find(policy.allowed.begin(), policy.allowed.end(), role) != policy.allowed.end()) {
        granted += RoleLetter(role);
      }
    }
    std::string expected = ExpectedGrants().count(std::string(policy.method))
                               ? ExpectedGrants().at(std::string(policy.method))
                               : "(no row)";
    std::sort(granted.begin(), granted.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(granted, expected) << policy.method;
  }
}

TEST_F(AuthorizationMatrixTest, Finding14_EachRoleIsAllowedOrDeniedAsTheHandWrittenTableSays) {
  uint64_t allowed_appends = 0;
  for (const auto& [method, letters] : ExpectedGrants()) {
    ASSERT_EQ(Calls().count(method), 1u) << method;
    const Call& call = Calls().at(method);
    for (services::Role role : services::kAllRoles) {
      const std::string name(services::RoleName(role));
      const bool allowed = letters.find(RoleLetter(role)) != std::string::npos;
      auto context = ContextWithHeader("Bearer " + server_.Token(name));
      const grpc::Status status = call(server_.Channel(), context.get());
      if (allowed) {
        EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << method << " as " << name << ": " << status.error_message();
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
        if (method == "/minhbach.v1.EventLog/Append" ||
            method == "/minhbach.v1.EventLog/BatchAppend") {
          EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
          ++allowed_appends;
        }
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << method << " as " << name << ": " << status.error_message();
      }
    }
  }
  EXPECT_EQ(server_.log().Size(), 1 + allowed_appends);  // denied appends wrote nothing
}

TEST_F(AuthorizationMatrixTest, MissingUnknownOrMalformedTokensAreUnauthenticated) {
  const std::string unknown = "Bearer mbt_" + std::string(43, 'A');
  for (const std::string& header :
       {std::string(), unknown, std::string("Bearer "), std::string("Basic dXNlcjpwdw=="),
        "bearer " + server_.Token("admin"), server_.Token("admin")}) {
    for (const auto& [method, call] : Calls()) {
      auto context = ContextWithHeader(header);
      EXPECT_EQ(call(server_.Channel(), context.get()).error_code(),
                grpc::StatusCode::UNAUTHENTICATED)
          << method << " with authorization '" << header << "'";
    }
  }
  EXPECT_EQ(server_.log().Size(), 1u);
}

TEST_F(AuthorizationMatrixTest, ServiceTokenCannotAppendOutsideItsPrefixes) {
  for (const char* stream : {"program/DA3-TDA3", "ex", "EXT/upper", "other/ext/"}) {
    v1::AppendResponse response;
    const grpc::Status status =
        v1::EventLog::NewStub(server_.Channel())
            ->Append(server_.Context("service").get(), NewAppend(stream), &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << stream;
  }
  EXPECT_EQ(server_.log().Size(), 1u);
}

}  // namespace
}  // namespace minhbach
