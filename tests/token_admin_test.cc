// minhbach-admin's token commands (issue, list, revoke, help, bad input), the
// token file they write, the server's reloading of it, and the quick start's
// tokens against the seed plan.
#include <sys/stat.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "clients/admin/admin_command.h"
#include "gtest/gtest.h"
#include "services/auth/quick_start_tokens.h"
#include "services/auth/token_file.h"
#include "services/auth/token_store.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2026, 11, 30, 20, 0, 0),
                                        absl::UTCTimeZone());  // 1 December in Vietnam

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct AdminRun {
  int code;
  std::string out, err;
};

AdminRun Admin(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int code = clients::admin::RunAdmin(args, kNow, out, err);
  return {code, out.str(), err.str()};
}

// The token an issue printed (the only "mbt_" word of its output).
std::string PrintedToken(const std::string& out) {
  std::smatch match;
  EXPECT_TRUE(std::regex_search(out, match, std::regex("mbt_[A-Za-z0-9_-]+"))) << out;
  return match.empty() ? "" : match.str();
}

class TokenAdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(services::WritePrivateFile(
                    path_, "service local-service " + services::HashToken("old") + " ext/\n")
                    .ok());
  }
  AdminRun Issue(const std::string& role, const std::string& identity, const std::string& name) {
    return Admin({"token", "issue", "--role=" + role, "--identity=" + identity, "--name=" + name,
                  "--tokens=" + path_});
  }
  testing::TempDir dir_;
  const std::string path_ = dir_.path() + "/tokens";
};

TEST_F(TokenAdminTest, IssueAppendsOnlyTheHashAndPrintsTheTokenOnce) {
  AdminRun run = Issue("village", "thon-2", "Nguyễn Văn A");
  ASSERT_EQ(run.code, 0) << run.err;
  const std::string token = PrintedToken(run.out);
  EXPECT_NE(run.out.find("export MINHBACH_TOKEN=" + token), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("token = " + token), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("thon-2/Nguyễn Văn A"), std::string::npos) << run.out;
  const std::string file = ReadText(path_);
  EXPECT_EQ(file.find(token), std::string::npos);  // never the token itself
  EXPECT_NE(file.find("village thon-2 " + services::HashToken(token) +
                      " thon-2 issued=2026-11-30T20:00:00Z name=Nguyễn Văn A\n"),
            std::string::npos)
      << file;
  EXPECT_NE(file.find("service local-service"), std::string::npos);  // the old line stays
  struct stat info;
  ASSERT_EQ(stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);

  absl::StatusOr<services::TokenStore> store = services::TokenStore::Parse(file);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<services::Identity> who = store->Authenticate(token);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->name, "thon-2/Nguyễn Văn A");
  EXPECT_EQ(who->role, services::Role::kVillage);
  EXPECT_EQ(who->scopes, std::vector<std::string>{"thon-2"});
  ASSERT_TRUE(store->Authenticate("old").ok());
  EXPECT_EQ(store->Authenticate("old")->name, "local-service");  // old lines as before
}

TEST_F(TokenAdminTest, ListShowsPeopleInVietnameseEnglishAndJsonNeverHashes) {
  ASSERT_EQ(Issue("implementer", "khuyen-nong", "Lê Thị Hoa").code, 0);
  const std::string hash = ReadText(path_).substr(ReadText(path_).find("khuyen-nong ") + 12, 64);
  const std::string id = hash.substr(0, 8);

  AdminRun vi = Admin({"token", "list", "--tokens=" + path_});
  ASSERT_EQ(vi.code, 0) << vi.err;
  EXPECT_NE(vi.out.find("NGƯỜI GIỮ"), std::string::npos) << vi.out;
  EXPECT_NE(vi.out.find("Lê Thị Hoa"), std::string::npos) << vi.out;
  EXPECT_NE(vi.out.find("01/12/2026"), std::string::npos) << vi.out;  // the date in Vietnam
  EXPECT_NE(vi.out.find("còn hiệu lực"), std::string::npos) << vi.out;
  EXPECT_NE(vi.out.find(id), std::string::npos) << vi.out;
  EXPECT_EQ(vi.out.find(hash), std::string::npos) << vi.out;

  AdminRun en = Admin({"token", "list", "--tokens=" + path_, "--lang=en"});
  ASSERT_EQ(en.code, 0) << en.err;
  EXPECT_NE(en.out.find("HOLDER"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("2026-12-01"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("2 tokens, 2 in force"), std::string::npos) << en.out;

  AdminRun json = Admin({"token", "list", "--tokens=" + path_, "--json"});
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_NE(json.out.find("{\"id\":\"" + id +
                          "\",\"role\":\"implementer\",\"identity\":\"khuyen-nong\","
                          "\"scopes\":[\"khuyen-nong\"],\"person\":\"Lê Thị Hoa\","
                          "\"issued\":\"2026-11-30T20:00:00Z\",\"revoked\":false,"
                          "\"revoked_at\":\"\"}"),
            std::string::npos)
      << json.out;
  EXPECT_EQ(json.out.find(hash), std::string::npos);
}

TEST_F(TokenAdminTest, RevokeAppendsARevocationLineAndTheTokenFails) {
  AdminRun issued = Issue("village", "thon-3", "Phạm Văn Dũng");
  const std::string token = PrintedToken(issued.out);
  const std::string id = services::HashToken(token).substr(0, 8);
  const std::string before = ReadText(path_);

  AdminRun run = Admin({"token", "revoke", id, "--tokens=" + path_});
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("Đã thu hồi token " + id), std::string::npos) << run.out;
  const std::string after = ReadText(path_);
  EXPECT_EQ(after, before + "revoked " + id + " 2026-11-30T20:00:00Z\n");  // nothing deleted

  absl::StatusOr<services::TokenStore> store = services::TokenStore::Parse(after);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::Status refused = store->Authenticate(token).status();
  EXPECT_TRUE(absl::IsUnauthenticated(refused)) << refused;
  EXPECT_NE(refused.message().find("token " + id + " was revoked"), std::string::npos) << refused;

  // Again: harmless, says so, changes nothing.
  run = Admin({"token", "revoke", id, "--tokens=" + path_, "--lang=en"});
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_NE(run.out.find("already revoked"), std::string::npos) << run.out;
  EXPECT_EQ(ReadText(path_), after);
  AdminRun list = Admin({"token", "list", "--tokens=" + path_});
  EXPECT_NE(list.out.find("đã thu hồi 01/12/2026"), std::string::npos) << list.out;

  run = Admin({"token", "revoke", "ffffffff", "--tokens=" + path_});
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("không có token nào có id 'ffffffff'"), std::string::npos) << run.err;
  EXPECT_EQ(ReadText(path_), after);
}

TEST_F(TokenAdminTest, BadInputIsRefusedWithWhatToDo) {
  const std::string before = ReadText(path_);
  AdminRun run = Issue("vilage", "thon-2", "Nguyễn Văn A");
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("có phải ý bạn là 'village'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("coordinator, implementer, village, supervisor, district, service, admin"),
            std::string::npos)
      << run.err;

  run = Admin({"token", "issue", "--role=village", "--tokens=" + path_});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("--identity"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--name"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("--role="), std::string::npos) << run.err;  // given

  run = Issue("village", "thôn 2", "Nguyễn Văn A");
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("không phải mã an toàn"), std::string::npos) << run.err;
  run = Issue("village", "thon-2/x", "Nguyễn Văn A");
  EXPECT_EQ(run.code, 2);
  for (const std::string& name : {std::string("   "), std::string("A\tB"), std::string("A\nB"),
                                  std::string("A # B"), std::string(200, 'a')}) {
    run = Issue("village", "thon-2", name);
    EXPECT_EQ(run.code, 2) << name;
    EXPECT_NE(run.err.find("--name"), std::string::npos) << run.err;
  }
  run = Admin({"token", "issue", "--role=village", "--identity=thon-2", "--name=A",
               "--streams=ext/", "--tokens=" + path_});
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(ReadText(path_), before);  // nothing was written

  run = Admin({"token", "list", "--tokens=" + dir_.path() + "/missing"});
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("không đọc được tệp token"), std::string::npos) << run.err;
  run = Issue("village", "thon-2", "A");
  EXPECT_EQ(run.code, 0);
  run = Admin({"token", "issue", "--role=village", "--identity=thon-2", "--name=A",
               "--tokens=" + dir_.path() + "/missing"});
  EXPECT_EQ(run.code, 1);

  // A file that does not parse is not written to.
  ASSERT_TRUE(services::WritePrivateFile(path_, "vilage thon-2 abc\n").ok());
  run = Issue("village", "thon-2", "A");
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("token file line 1"), std::string::npos) << run.err;
  EXPECT_EQ(ReadText(path_), "vilage thon-2 abc\n");
}

TEST_F(TokenAdminTest, HelpAndDidYouMean) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"help"}, {"--help"}, {"help", "token"}}) {
    AdminRun run = Admin(args);
    EXPECT_EQ(run.code, 0) << run.err;
    EXPECT_NE(run.out.find("token issue"), std::string::npos) << run.out;
  }
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"help", "token", "issue"}, {"help", "issue"}, {"token", "issue", "--help"}}) {
    AdminRun run = Admin(args);
    EXPECT_EQ(run.code, 0) << run.err;
    EXPECT_NE(run.out.find("--identity=ĐƠN_VỊ"), std::string::npos) << run.out;
    EXPECT_EQ(run.out.find("token list"), std::string::npos) << run.out;  // that command only
  }
  AdminRun run = Admin({"token", "revoke", "--help", "--lang=en"});
  EXPECT_EQ(run.code, 0);
  EXPECT_NE(run.out.find("Revokes the token"), std::string::npos) << run.out;

  run = Admin({"tokn", "list"});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("có phải ý bạn là 'token'"), std::string::npos) << run.err;
  run = Admin({"token", "revok", "x", "--lang=en"});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("did you mean 'revoke'"), std::string::npos) << run.err;
  run = Admin({"token", "issue", "--rol=village", "--identity=thon-2", "--name=A"});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("có phải ý bạn là '--role'"), std::string::npos) << run.err;
  run = Admin({"token", "list", "--data-dri=x"});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("'--data_dir'"), std::string::npos) << run.err;
  run = Admin({"help", "revokee"});
  EXPECT_EQ(run.code, 2);
  run = Admin({"token", "revoke", "--tokens=x"});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("thiếu ID"), std::string::npos) << run.err;
  run = Admin({});
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("token issue"), std::string::npos) << run.err;
  run = Admin({"help", "--lang=fr"});
  EXPECT_EQ(run.code, 2);
}

// Two operators issuing at the same moment: every line is kept.
TEST_F(TokenAdminTest, ConcurrentIssuesLoseNoLine) {
  constexpr int kThreads = 4, kEach = 10;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kEach; ++i) {
        EXPECT_EQ(Issue("village", "thon-" + std::to_string(t), "Người " + std::to_string(i)).code,
                  0);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  absl::StatusOr<std::vector<services::TokenLine>> lines =
      services::ParseTokenFile(ReadText(path_));
  ASSERT_TRUE(lines.ok()) << lines.status();
  EXPECT_EQ(lines->size(), 1u + kThreads * kEach);
}

TEST(TokenFileTest, ParsesOldAndNewLinesAndRefusesBadOnes) {
  const std::string hash = services::HashToken("a");
  absl::StatusOr<std::vector<services::TokenLine>> lines = services::ParseTokenFile(
      "# comment\nvillage thon-1 " + hash + " thon-1\n" + "admin ops " + services::HashToken("b") +
      " ext/ issued=2026-01-02T03:04:05Z name=  Đỗ Thị  Mai  \n");
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ(services::ActorOf((*lines)[0]), "thon-1");
  EXPECT_EQ((*lines)[1].person, "Đỗ Thị  Mai");
  EXPECT_EQ((*lines)[1].issued, "2026-01-02T03:04:05Z");
  EXPECT_EQ(services::ActorOf((*lines)[1]), "ops/Đỗ Thị  Mai");

  for (const std::string& bad : {
           "village thon-1 " + hash + " thon-1 colour=blue\n",
           "village thon-1 " + hash + " thon-1 issued=yesterday\n",
           "village thon-1 " + hash + " thon-1 name=\x1b[2J\n",
           "village thon-1 " + hash + "\nrevoked 00000000\n",
           "village thon-1 " + hash + "\nrevoked " + hash.substr(0, 8) + " later\n",
       }) {
    absl::StatusOr<std::vector<services::TokenLine>> parsed = services::ParseTokenFile(bad);
    EXPECT_TRUE(absl::IsInvalidArgument(parsed.status())) << bad;
    EXPECT_TRUE(absl::StartsWith(parsed.status().message(), "token file line ")) << parsed.status();
  }
}

// A store loaded from a file follows it: issued tokens are accepted and
// revoked ones refused without a restart; a file that stops parsing keeps
// the previous tokens in force and says why.
TEST(TokenStoreReloadTest, FollowsTheFileAndKeepsTheLastGoodTable) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/tokens";
  ASSERT_TRUE(
      services::WritePrivateFile(path, "district d " + services::HashToken("d") + "\n").ok());
  absl::StatusOr<services::TokenStore> store =
      services::TokenStore::Load(path, absl::InfiniteDuration());
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE(store->Authenticate("d").ok());

  AdminRun issued = Admin({"token", "issue", "--role=supervisor", "--identity=mttq",
                           "--name=Hoàng Văn Em", "--tokens=" + path});
  ASSERT_EQ(issued.code, 0) << issued.err;
  const std::string token = PrintedToken(issued.out);
  EXPECT_FALSE(store->Authenticate(token).ok());  // not looked at yet (infinite interval)
  ASSERT_TRUE(store->ReloadIfChanged().ok());
  ASSERT_TRUE(store->Authenticate(token).ok());
  EXPECT_EQ(store->Authenticate(token)->name, "mttq/Hoàng Văn Em");
  EXPECT_EQ(store->size(), 2u);

  const std::string good = ReadText(path);
  ASSERT_TRUE(services::WritePrivateFile(path, good + "supervisor x y\n").ok());
  absl::Status reloaded = store->ReloadIfChanged();
  EXPECT_TRUE(absl::IsInvalidArgument(reloaded)) << reloaded;
  EXPECT_NE(reloaded.message().find("line "), std::string::npos) << reloaded;
  EXPECT_TRUE(store->Authenticate(token).ok());  // still in force
  EXPECT_TRUE(store->Authenticate("d").ok());

  ASSERT_EQ(services::WritePrivateFile(path, good).ok(), true);
  ASSERT_EQ(
      Admin({"token", "revoke", services::HashToken(token).substr(0, 8), "--tokens=" + path}).code,
      0);
  ASSERT_TRUE(store->ReloadIfChanged().ok());
  EXPECT_TRUE(absl::IsUnauthenticated(store->Authenticate(token).status()));
  EXPECT_EQ(store->size(), 1u);

  // The file gone: the previous tokens stay.
  ASSERT_EQ(unlink(path.c_str()), 0);
  EXPECT_TRUE(absl::IsNotFound(store->ReloadIfChanged()));
  EXPECT_TRUE(store->Authenticate("d").ok());
}

// Issue, call, revoke, call: against a running server, without a restart.
TEST(TokenServerTest, IssuedTokenWorksAndRevokedTokenIsRefusedWithoutRestart) {
  services::ServerOptions options;
  options.token_reload_interval = absl::Milliseconds(10);
  testing::TestServer server(options);
  AdminRun issued = Admin({"token", "issue", "--role=service", "--identity=bank",
                           "--name=Trần Văn Cường", "--data_dir=" + server.data_dir()});
  ASSERT_EQ(issued.code, 0) << issued.err;
  const std::string token = PrintedToken(issued.out);

  auto append = [&] {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    v1::AppendResponse response;
    return v1::EventLog::NewStub(server.Channel())
        ->Append(&context, testing::NewAppend("ext/bank/statements"), &response);
  };
  auto until_not = [&](grpc::StatusCode code) {
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    grpc::Status status = append();
    while (status.error_code() == code && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(20));
      status = append();
    }
    return status;
  };
  grpc::Status status = until_not(grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(status.ok()) << status.error_message();
  absl::StatusOr<storage::StoredEvent> event = server.log().GetEvent(server.log().Size() - 1);
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->record.actor(), "bank/Trần Văn Cường");

  const std::string id = services::HashToken(token).substr(0, 8);
  ASSERT_EQ(Admin({"token", "revoke", id, "--data_dir=" + server.data_dir()}).code, 0);
  status = until_not(grpc::StatusCode::OK);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(status.error_message().find("token " + id + " was revoked"), std::string::npos)
      << status.error_message();
}

// Every lead unit of the seed plan and every village of the demo has its
// own quick-start token (the client's "<role>:<unit>" line).
TEST(QuickStartTokensTest, EveryLeadUnitAndVillageOfTheSeedCanAct) {
  std::set<std::string> wanted;
  const std::string plan = ReadText(MINHBACH_SEED_PLAN);
  std::regex leads("\"leadUnits\": *\\[([^\\]]*)\\]"), quoted("\"([^\"]+)\"");
  for (std::sregex_iterator it(plan.begin(), plan.end(), leads), end; it != end; ++it) {
    const std::string list = (*it)[1];
    for (std::sregex_iterator unit(list.begin(), list.end(), quoted); unit != end; ++unit) {
      wanted.insert("implementer:" + (*unit)[1].str());
    }
  }
  const std::string demo = ReadText(MINHBACH_SEED_DEMO);
  std::regex village("\"villageId\": *\"([^\"]+)\"");
  for (std::sregex_iterator it(demo.begin(), demo.end(), village), end; it != end; ++it) {
    wanted.insert("village:" + (*it)[1].str());
  }
  ASSERT_GE(wanted.size(), 7u);  // ldtbxh, khuyen-nong, vhxh, thon-1..4

  const services::QuickStartTokens made = services::MakeQuickStartTokens();
  absl::StatusOr<services::TokenStore> store = services::TokenStore::Parse(made.token_file);
  ASSERT_TRUE(store.ok()) << store.status();
  std::map<std::string, std::string> client;
  std::istringstream lines(made.client_file);
  std::string key, token;
  while (lines >> key) {
    if (key[0] == '#') {
      std::getline(lines, token);
      continue;
    }
    lines >> token;
    client[key] = token;
  }
  for (const std::string& unit : wanted) {
    ASSERT_EQ(client.count(unit), 1u) << unit;
    absl::StatusOr<services::Identity> who = store->Authenticate(client[unit]);
    ASSERT_TRUE(who.ok()) << unit;
    const std::string id = unit.substr(unit.find(':') + 1);
    EXPECT_EQ(who->scopes, std::vector<std::string>{id});
    EXPECT_TRUE(absl::StartsWith(who->name, id + "/")) << who->name;
  }
  for (const char* role : {"coordinator", "implementer", "village", "service", "admin"}) {
    EXPECT_EQ(client.count(role), 1u) << role;  // --role=implementer keeps working
  }
}

}  // namespace
}  // namespace minhbach
