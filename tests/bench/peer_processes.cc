#include "tests/bench/peer_processes.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <hiredis/hiredis.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "storage/status_macros.h"

namespace minhbach::bench {
namespace {

constexpr absl::Duration kStartTimeout = absl::Seconds(30);

// The event-store shape: dense global position, one row per event, a
// stream's versions unique (the expected-version check), event ids unique
// (idempotency).
constexpr char kSchema[] =
    "CREATE TABLE events ("
    "  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  stream text NOT NULL,"
    "  version bigint NOT NULL,"
    "  event_id uuid NOT NULL UNIQUE,"
    "  event_type text NOT NULL,"
    "  payload bytea NOT NULL,"
    "  UNIQUE (stream, version))";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool IsExecutable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

struct User {
  uid_t uid = 0;
  gid_t gid = 0;
};

// The user to run as: `name` when the caller is root, else the caller.
absl::StatusOr<User> UserToRunAs(const std::string& name) {
  if (geteuid() != 0 || name.empty()) return User{geteuid(), getegid()};
  const passwd* entry = getpwnam(name.c_str());
  if (entry == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("no user '", name, "' to run the peers as (--run_as)"));
  }
  return User{entry->pw_uid, entry->pw_gid};
}

absl::Status MakeDirFor(const std::string& path, const User& user) {
  if (mkdir(path.c_str(), 0700) != 0 || chown(path.c_str(), user.uid, user.gid) != 0) {
    return absl::FailedPreconditionError(absl::StrCat("cannot make ", path, " for uid ", user.uid));
  }
  return absl::OkStatus();
}

// Runs `args` to its end; the status says how it ended, with its output.
absl::Status RunToEnd(const std::vector<std::string>& args, const std::string& log_path,
                      const std::string& run_as) {
  ASSIGN_OR_RETURN(std::unique_ptr<ChildProcess> child,
                   ChildProcess::Start(args, log_path, run_as, 0));
  int status = 0;
  waitpid(child->pid(), &status, 0);
  child.reset();
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(args[0], " failed (wait status ", status, "): ", ReadFile(log_path)));
}

absl::Status WaitForPostgres(const std::string& conninfo, ChildProcess& process,
                             const std::string& log_path) {
  const absl::Time deadline = absl::Now() + kStartTimeout;
  while (absl::Now() < deadline) {
    if (!process.Alive()) {
      return absl::FailedPreconditionError("postgres exited: " + ReadFile(log_path));
    }
    if (PQping(conninfo.c_str()) == PQPING_OK) return absl::OkStatus();
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::FailedPreconditionError("postgres did not start in 30 s: " + ReadFile(log_path));
}

absl::Status Execute(const std::string& conninfo, const std::string& sql) {
  PGconn* connection = PQconnectdb(conninfo.c_str());
  PGresult* result = PQexec(connection, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  const std::string error = PQerrorMessage(connection);
  PQclear(result);
  PQfinish(connection);
  if (!ok) return absl::FailedPreconditionError(absl::StrCat("postgres: ", sql, ": ", error));
  return absl::OkStatus();
}

absl::Status WaitForRedis(int port, ChildProcess& process, const std::string& log_path) {
  const absl::Time deadline = absl::Now() + kStartTimeout;
  while (absl::Now() < deadline) {
    if (!process.Alive()) {
      return absl::FailedPreconditionError("redis-server exited: " + ReadFile(log_path));
    }
    redisContext* context = redisConnect("127.0.0.1", port);
    if (context != nullptr && context->err == 0) {
      auto* reply = static_cast<redisReply*>(redisCommand(context, "PING"));
      const bool ok = reply != nullptr && reply->type == REDIS_REPLY_STATUS;
      if (reply != nullptr) freeReplyObject(reply);
      redisFree(context);
      if (ok) return absl::OkStatus();
    } else if (context != nullptr) {
      redisFree(context);
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::FailedPreconditionError("redis-server did not start in 30 s: " + ReadFile(log_path));
}

}  // namespace

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Start(
    const std::vector<std::string>& args, const std::string& log_path, const std::string& run_as,
    int stop_signal) {
  if (!IsExecutable(args[0])) {
    return absl::FailedPreconditionError(
        absl::StrCat(args[0], " is missing: run deploy/install-deps.sh --tests as root"));
  }
  ASSIGN_OR_RETURN(const User user, UserToRunAs(run_as));
  const pid_t pid = fork();
  if (pid < 0) return absl::ResourceExhaustedError("fork failed");
  if (pid == 0) {
    const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    if (user.uid != geteuid() &&
        (setgroups(0, nullptr) != 0 || setgid(user.gid) != 0 || setuid(user.uid) != 0)) {
      _exit(126);
    }
    std::vector<char*> argv;
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return std::unique_ptr<ChildProcess>(new ChildProcess(pid, stop_signal));
}

ChildProcess::~ChildProcess() {
  if (exited_ || stop_signal_ == 0) return;
  kill(pid_, stop_signal_);
  waitpid(pid_, nullptr, 0);
}

bool ChildProcess::Alive() {
  if (!exited_ && waitpid(pid_, nullptr, WNOHANG) == pid_) exited_ = true;
  return !exited_;
}

absl::StatusOr<int> FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  if (!ok) return absl::UnavailableError("no free port on 127.0.0.1");
  return ntohs(address.sin_port);
}

absl::StatusOr<PostgresPeer> StartPostgres(const std::string& bin_dir, const std::string& dir,
                                           const std::string& run_as) {
  ASSIGN_OR_RETURN(const User user, UserToRunAs(run_as));
  const std::string home = dir + "/postgres";
  RETURN_IF_ERROR(MakeDirFor(home, user));
  RETURN_IF_ERROR(RunToEnd({bin_dir + "/initdb", "--pgdata=" + home + "/data", "--username=bench",
                            "--auth=trust", "--encoding=UTF8", "--no-sync"},
                           dir + "/initdb.log", run_as));
  ASSIGN_OR_RETURN(const int port, FreeLoopbackPort());
  const std::string log_path = dir + "/postgres.log";
  PostgresPeer peer;
  ASSIGN_OR_RETURN(
      peer.process,
      ChildProcess::Start(
          {bin_dir + "/postgres", "-D", home + "/data", "-c", "listen_addresses=127.0.0.1", "-c",
           absl::StrCat("port=", port), "-c", "unix_socket_directories=", "-c", "fsync=on", "-c",
           "synchronous_commit=on", "-c", "max_connections=200"},
          log_path, run_as, SIGINT));
  const std::string server = absl::StrCat("host=127.0.0.1 port=", port, " user=bench");
  RETURN_IF_ERROR(WaitForPostgres(server + " dbname=postgres", *peer.process, log_path));
  RETURN_IF_ERROR(Execute(server + " dbname=postgres", "CREATE DATABASE events"));
  peer.conninfo = server + " dbname=events";
  RETURN_IF_ERROR(Execute(peer.conninfo, kSchema));
  return peer;
}

absl::StatusOr<RedisPeer> StartRedis(const std::string& server_path, const std::string& dir,
                                     const std::string& run_as) {
  ASSIGN_OR_RETURN(const User user, UserToRunAs(run_as));
  const std::string home = dir + "/redis";
  RETURN_IF_ERROR(MakeDirFor(home, user));
  RedisPeer peer;
  ASSIGN_OR_RETURN(peer.port, FreeLoopbackPort());
  const std::string log_path = dir + "/redis.log";
  ASSIGN_OR_RETURN(
      peer.process,
      ChildProcess::Start({server_path, "--bind", "127.0.0.1", "--port", absl::StrCat(peer.port),
                           "--dir", home, "--appendonly", "yes", "--appendfsync", "always",
                           "--save", "", "--daemonize", "no", "--protected-mode", "no"},
                          log_path, run_as, SIGTERM));
  RETURN_IF_ERROR(WaitForRedis(peer.port, *peer.process, log_path));
  return peer;
}

}  // namespace minhbach::bench
