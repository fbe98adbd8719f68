// The cost of personal data on reads, in the same run: two in-process
// servers, each with a register of N households (the issue: 10,000), one
// registered with personal data (sealed by the vault: four members with
// names, ID numbers, birth dates, phones, health notes), the other without
// personal fields. For each, the same reads, each followed by GetRegister and
// GetDashboard:
//   - the timeline of the household registrations, every page (the worst
//     case: every event holds four members' personal data);
//   - the register's history after an annual review (each household
//     registered, surveyed, classified), every page;
//   - the same with each envelope opened by the vault and parsed (what a
//     reader with access sees; GetHouseholdPersonalData does this per
//     household), against the plain register's read that opens nothing;
//   - the same page after page, to show what overlapping pages hides;
//   - the same in raw pages (raw_records_only), the reader parsing each record
//     from the stored bytes, as a bulk reader should ask.
// A reader asks for the next page as soon as one arrives, so opening one
// page's envelopes overlaps the server's reading of the next. Each figure is
// the best of --rounds, rounds taking turns. Prints ratios; the goal
// is at most 1.2x. Asserts nothing about time.
//
//   minhbach_households_benchmark [--households=10000] [--rounds=3] [--dir=/var/tmp]
//       [--standard=deploy/seed/poverty-standard-2022-2025.json]
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "clients/connection.h"
#include "google/protobuf/arena.h"
#include "grpcpp/create_channel.h"
#include "minhbach/v1/household_service.grpc.pb.h"
#include "minhbach/v1/program_service.grpc.pb.h"
#include "minhbach/v1/timeline_service.grpc.pb.h"
#include "services/domain/poverty_standard.h"
#include "services/privacy/personal_data_vault.h"
#include "services/server/server.h"
#include "storage/process_settings.h"
#include "storage/uuid.h"

ABSL_FLAG(int, households, 10000, "households in each register");
ABSL_FLAG(int, rounds, 3, "rounds of each read, taking turns; each judged by its best");
ABSL_FLAG(std::string, dir, "/var/tmp", "directory for the two servers' data (removed afterwards)");
ABSL_FLAG(std::string, standard, "deploy/seed/poverty-standard-2022-2025.json",
          "the poverty standard the review classifies by");

namespace minhbach::bench {
namespace {

struct Register {
  std::string name;
  std::unique_ptr<services::Server> server;
  std::shared_ptr<grpc::Channel> channel;
  std::map<std::string, std::string> tokens;
};

v1::HouseholdPersonalData Personal(int i) {
  v1::HouseholdPersonalData p;
  p.set_head_name(absl::StrCat("Nguyễn Văn Minh Họa ", i));
  p.set_address(absl::StrCat("Xóm ", i % 12, ", thôn 1, xã Liên Chung (minh họa)"));
  for (int m = 0; m < 4; ++m) {
    v1::HouseholdMember* member = p.add_members();
    member->set_name(absl::StrCat("Trần Thị Minh Họa ", i, "-", m));
    member->set_id_number(absl::StrFormat("0%011d", i * 10 + m));
    member->set_birth_date(absl::StrFormat("19%02d-0%d-1%d", 50 + (i + m) % 50, 1 + m, m));
    member->set_phone(absl::StrFormat("09%08d", i * 10 + m));
    member->set_health_notes(m == 0 ? "Tăng huyết áp (minh họa)" : "");
    member->set_relation(m == 0 ? "chủ hộ" : "con");
  }
  return p;
}

std::unique_ptr<grpc::ClientContext> Context(const Register& r, const std::string& role) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + r.tokens.at(role));
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(5)));
  return context;
}

Register Start(const std::string& dir, const std::string& name, bool with_vault) {
  Register r;
  r.name = name;
  services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.data_dir = dir + "/" + name + "-data";
  options.metrics_listen = "";
  options.http_listen = "";
  if (with_vault) {
    const std::string key = dir + "/" + name + "-master-key";
    std::ofstream(key, std::ios::binary) << std::string(32, 'b');
    chmod(key.c_str(), 0600);
    options.master_key_file = key;
  }
  absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "cannot start a server: %s\n", server.status().ToString().c_str());
    std::exit(1);
  }
  r.server = *std::move(server);
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(256 << 20);
  r.channel = grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", r.server->port()),
                                        grpc::InsecureChannelCredentials(), arguments);
  r.tokens = clients::ReadClientTokens(options.data_dir + "/client-tokens");
  return r;
}

// Villages of 5,000 households (ids have four digits a village).
std::string VillageOf(int i) { return absl::StrCat("thon-", 1 + i / 5000); }
std::string HouseholdId(int i) { return absl::StrFormat("%s/H-%04d", VillageOf(i), i % 5000); }

void Check(const grpc::Status& status, const char* what) {
  if (status.ok()) return;
  std::fprintf(stderr, "%s failed: %s\n", what, status.error_message().c_str());
  std::exit(1);
}

template <typename Request>
Request WithMeta(Request request, const char* business_date) {
  request.mutable_meta()->set_event_id(storage::NewRandomUuid());
  request.mutable_meta()->set_business_date(business_date);
  return request;
}

// Runs `command(stub, i)` for i in [0, count) from `clients` threads (the
// log commits their appends in groups).
void InParallel(Register& r, int count, int clients,
                const std::function<grpc::Status(v1::Households::Stub&, int)>& command,
                const char* what) {
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&] {
      auto stub = v1::Households::NewStub(r.channel);
      for (int i = next++; i < count; i = next++) {
        // Surveys of one review contend for its stream; the server asks for
        // the same command again.
        grpc::Status status = command(*stub, i);
        for (int retry = 0; retry < 50 && status.error_code() == grpc::StatusCode::ABORTED;
             ++retry) {
          status = command(*stub, i);
        }
        Check(status, what);
      }
    });
  }
  for (std::thread& t : threads) t.join();
}

// Registers `count` households, with or without their personal data.
void Fill(Register& r, int count, bool personal) {
  InParallel(
      r, count, 8,
      [&](v1::Households::Stub& stub, int i) {
        v1::RegisterHouseholdRequest request =
            WithMeta(v1::RegisterHouseholdRequest(), "2025-08-15");
        v1::HouseholdRegistered& body = *request.mutable_body();
        body.set_household_id(HouseholdId(i));
        body.set_village_id(VillageOf(i));
        body.set_area("rural");
        body.set_member_count(4);
        if (personal) *request.mutable_personal() = Personal(i);
        v1::CommandResult result;
        return stub.RegisterHousehold(Context(r, "coordinator").get(), request, &result);
      },
      "register");
}

// The annual review's survey of every household (each survey is classified
// by the server: two events), under `standard`.
void Review(Register& r, int count, const v1::PovertyStandardPublished& standard) {
  auto stub = v1::Households::NewStub(r.channel);
  v1::CommandResult result;
  v1::PublishStandardRequest publish = WithMeta(v1::PublishStandardRequest(), "2025-08-01");
  *publish.mutable_body() = standard;
  Check(stub->PublishStandard(Context(r, "coordinator").get(), publish, &result), "publish");
  v1::OpenReviewRequest open = WithMeta(v1::OpenReviewRequest(), "2025-09-01");
  open.mutable_body()->set_review_id("RV-2025");
  open.mutable_body()->set_standard_id(standard.standard_id());
  for (int v = 0; v * 5000 < count; ++v) open.mutable_body()->add_village_ids(VillageOf(v * 5000));
  for (int i = 0; i < count; ++i) open.mutable_body()->add_households(HouseholdId(i));
  open.mutable_body()->set_opened_on("2025-09-01");
  Check(stub->OpenReview(Context(r, "coordinator").get(), open, &result), "open review");
  // Two surveyors: one review's surveys share its stream, and more writers
  // on one stream mostly retry.
  InParallel(
      r, count, 2,
      [&](v1::Households::Stub& s, int i) {
        v1::RecordSurveyRequest request = WithMeta(v1::RecordSurveyRequest(), "2025-09-15");
        v1::HouseholdSurveyed& body = *request.mutable_body();
        body.set_review_id("RV-2025");
        body.set_household_id(HouseholdId(i));
        body.set_income_per_person_month_dong(900'000 + 1'000 * (i % 3000));
        for (int k = 0; k < i % 4; ++k) {
          body.add_deprived_indicators(standard.indicators(k).indicator_id());
        }
        body.set_surveyed_on("2025-09-15");
        v1::CommandResult r2;
        return s.RecordSurvey(Context(r, "coordinator").get(), request, &r2);
      },
      "survey");
}

constexpr char kRegistrations[] = "HouseholdRegistered";
constexpr char kRegisterHistory[] = "HouseholdRegistered,HouseholdSurveyed,HouseholdClassified";

// Every event of `kinds` in the timeline, page by page; `visit` sees each.
// With `overlap`, the next page is asked for as soon as a page arrives, so
// visiting a page (opening its envelopes) overlaps the server's reading of the
// next, as a bulk reader should; without, each page is visited, then the next
// asked for. With `raw_only`, the pages carry the stored bytes alone.
int64_t ReadTimeline(const Register& r, const char* kinds, bool overlap, bool raw_only,
                     const std::function<void(const v1::Event&)>& visit) {
  auto stub = v1::Timeline::NewStub(r.channel);
  // Each page is parsed onto its own arena, as a bulk reader should: its
  // thousand events' strings are neither allocated nor freed one by one.
  struct Page {
    std::unique_ptr<google::protobuf::Arena> arena;
    v1::TimelinePage* page;
  };
  auto fetch = [&r, &stub](v1::TimelineRequest request) {
    Page fetched{std::make_unique<google::protobuf::Arena>(), nullptr};
    fetched.page = google::protobuf::Arena::CreateMessage<v1::TimelinePage>(fetched.arena.get());
    grpc::Status status = stub->GetTimeline(Context(r, "supervisor").get(), request, fetched.page);
    if (!status.ok()) {
      std::fprintf(stderr, "timeline: %s\n", status.error_message().c_str());
      std::exit(1);
    }
    return fetched;
  };
  const auto launch = overlap ? std::launch::async : std::launch::deferred;
  v1::TimelineRequest request;
  request.set_kind(kinds);
  request.set_limit(1000);
  request.set_raw_records_only(raw_only);
  std::future<Page> next = std::async(launch, fetch, request);
  int64_t items = 0;
  for (;;) {
    const Page fetched = next.get();
    const v1::TimelinePage& page = *fetched.page;
    if (page.has_next_position()) {
      request.set_from_position(page.next_position());
      next = std::async(launch, fetch, request);
    }
    for (const v1::TimelineItem& item : page.items()) {
      visit(item.event());
      ++items;
    }
    if (!page.has_next_position()) break;
  }
  return items;
}

void ReadViews(const Register& r) {
  auto households = v1::Households::NewStub(r.channel);
  v1::HouseholdRegister reg;
  grpc::Status status =
      households->GetRegister(Context(r, "supervisor").get(), v1::RegisterRequest(), &reg);
  v1::Dashboard dashboard;
  if (status.ok()) {
    status = v1::ProgramStatus::NewStub(r.channel)->GetDashboard(Context(r, "supervisor").get(),
                                                                 v1::StatusRequest(), &dashboard);
  }
  if (!status.ok()) {
    std::fprintf(stderr, "read: %s\n", status.error_message().c_str());
    std::exit(1);
  }
}

// Opens and parses the envelope of a registration, as a reader with access.
// The messages live on an arena kept across calls (reset each time), as a
// bulk reader keeps one: no heap allocation per message.
void OpenEnvelope(const Register& r, const v1::EventRecord& record,
                  google::protobuf::Arena& arena) {
  if (record.event_type() != "HouseholdRegistered") return;
  auto* registered = google::protobuf::Arena::CreateMessage<v1::HouseholdRegistered>(&arena);
  registered->ParseFromString(record.payload());
  if (registered->sealed_personal().empty()) return;
  absl::StatusOr<std::string> plain =
      r.server->vault()->Open(registered->household_id(), registered->sealed_personal());
  auto* personal = google::protobuf::Arena::CreateMessage<v1::HouseholdPersonalData>(&arena);
  if (!plain.ok() || !personal->ParseFromString(*plain)) {
    std::fprintf(stderr, "an envelope does not open\n");
    std::exit(1);
  }
}

// What a reader does with each event: with raw pages, parse the record from
// the stored bytes (every reader needs it); with `open`, open registrations.
void Visit(const Register& r, const v1::Event& event, bool raw_only, bool open) {
  static thread_local google::protobuf::Arena arena;
  arena.Reset();
  const v1::EventRecord* record = &event.record();
  if (raw_only) {
    auto* parsed = google::protobuf::Arena::CreateMessage<v1::EventRecord>(&arena);
    if (!parsed->ParseFromString(event.raw_record())) {
      std::fprintf(stderr, "a raw record does not parse\n");
      std::exit(1);
    }
    record = parsed;
  }
  if (open) OpenEnvelope(r, *record, arena);
}

double Seconds(const std::function<void()>& run) {
  const absl::Time start = absl::Now();
  run();
  return absl::ToDoubleSeconds(absl::Now() - start);
}

int Main() {
  const int n = absl::GetFlag(FLAGS_households);
  std::ifstream standard_file(absl::GetFlag(FLAGS_standard));
  std::stringstream standard_json;
  standard_json << standard_file.rdbuf();
  absl::StatusOr<v1::PovertyStandardPublished> standard =
      domain::ParseStandardJson(standard_json.str());
  if (!standard_file || !standard.ok()) {
    std::fprintf(stderr, "cannot read the poverty standard %s: %s\n",
                 absl::GetFlag(FLAGS_standard).c_str(), standard.status().ToString().c_str());
    return 1;
  }
  const std::string dir =
      absl::StrCat(absl::GetFlag(FLAGS_dir), "/minhbach-households-bench-", getpid());
  std::filesystem::create_directories(dir);
  Register sealed = Start(dir, "personal", true);
  Register plain = Start(dir, "plain", true);
  double fill_sealed = Seconds([&] { Fill(sealed, n, true); });
  double fill_plain = Seconds([&] { Fill(plain, n, false); });
  std::printf("register of %d households: filled in %.2f s with personal data, %.2f s without\n", n,
              fill_sealed, fill_plain);
  Review(sealed, n, *standard);
  Review(plain, n, *standard);

  // Per register, each read followed by GetRegister and GetDashboard:
  enum Read {
    kRegistrationsRead,  // the registrations' timeline
    kHistoryRead,        // the register's history timeline
    kHistoryOpened,      // the same, every envelope opened and parsed
    kHistorySerial,      // the history, page after page (no overlap)
    kHistorySerialOpened,
    kHistoryRaw,  // the history in raw pages, every record parsed by the reader
    kHistoryRawOpened,
    kReads
  };
  // [plain, sealed][read]. The plain register's "opened" reads parse each
  // registration and find no envelope.
  double best[2][kReads];
  std::fill(&best[0][0], &best[0][0] + 2 * kReads, 1e9);
  int64_t items[2][2] = {{0, 0}, {0, 0}};
  for (int round = 0; round < absl::GetFlag(FLAGS_rounds); ++round) {
    for (int s = 0; s < 2; ++s) {
      Register& r = s == 0 ? plain : sealed;
      auto measure = [&](Read k, const char* kinds, bool overlap, bool raw_only, bool open) {
        best[s][k] = std::min(best[s][k], Seconds([&] {
                                const int64_t read = ReadTimeline(
                                    r, kinds, overlap, raw_only,
                                    [&](const v1::Event& e) { Visit(r, e, raw_only, open); });
                                if (k < 2) items[s][k] = read;
                                ReadViews(r);
                              }));
      };
      measure(kRegistrationsRead, kRegistrations, true, false, false);
      measure(kHistoryRead, kRegisterHistory, true, false, false);
      measure(kHistoryOpened, kRegisterHistory, true, false, true);
      measure(kHistorySerial, kRegisterHistory, false, false, false);
      measure(kHistorySerialOpened, kRegisterHistory, false, false, true);
      measure(kHistoryRaw, kRegisterHistory, true, true, false);
      measure(kHistoryRawOpened, kRegisterHistory, true, true, true);
    }
  }
  for (int s = 0; s < 2; ++s) {
    if (items[s][0] != n || items[s][1] != 3 * int64_t{n}) {
      std::fprintf(
          stderr, "a timeline holds %lld registrations and %lld history events, not %d, %d\n",
          static_cast<long long>(items[s][0]), static_cast<long long>(items[s][1]), n, 3 * n);
      return 1;
    }
  }
  auto line = [&](const char* what, Read without, Read with) {
    std::printf("%-58s %.3f s without personal fields, %.3f s with: ratio %.2f\n", what,
                best[0][without], best[1][with], best[1][with] / best[0][without]);
  };
  std::printf("each read below is followed by GetRegister and GetDashboard\n");
  line("registrations timeline (worst case, every event sealed):", kRegistrationsRead,
       kRegistrationsRead);
  line(absl::StrFormat("register history timeline (%d events):", 3 * n).c_str(), kHistoryRead,
       kHistoryRead);
  line("the same, every envelope opened (against the read above):", kHistoryRead, kHistoryOpened);
  line("the same, page after page (no overlap):", kHistorySerial, kHistorySerialOpened);
  line("the same in raw pages, the reader parsing each record:", kHistoryRaw, kHistoryRawOpened);
  std::printf("households reads with/without personal data ratio %.2f (goal <= 1.2)\n",
              best[1][kHistoryRead] / best[0][kHistoryRead]);
  std::printf(
      "households decrypting reads ratio %.2f in raw pages, %.2f in decoded pages "
      "(goal <= 1.2)\n",
      best[1][kHistoryRawOpened] / best[0][kHistoryRaw],
      best[1][kHistoryOpened] / best[0][kHistoryRead]);
  sealed.server.reset();
  plain.server.reset();
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace minhbach::bench

int main(int argc, char** argv) {
  minhbach::storage::UseServerProcessSettings();
  absl::ParseCommandLine(argc, argv);
  return minhbach::bench::Main();
}
