// The real minhbachd as a child process, for harnesses that kill it, restart
// it or watch its memory.
#ifndef MINHBACH_TESTS_SERVER_PROCESS_H_
#define MINHBACH_TESTS_SERVER_PROCESS_H_

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace minhbach::testing {

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ServerProcess {
 public:
  // Starts `server_bin` on a free loopback port with its data in `data_dir`
  // and its log lines in `log_path`; waits until it serves (6 s at most).
  // `extra_flags` are passed after the others.
  static absl::StatusOr<ServerProcess> Start(const std::string& server_bin,
                                             const std::string& data_dir,
                                             const std::string& log_path,
                                             const std::vector<std::string>& extra_flags = {}) {
    ServerProcess server;
    server.pid_ = fork();
    if (server.pid_ == 0) {
      const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 2);
      std::vector<std::string> args = {server_bin, "--listen=127.0.0.1:0", "--metrics_listen=",
                                       "--http_listen=", "--data_dir=" + data_dir};
      args.insert(args.end(), extra_flags.begin(), extra_flags.end());
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(server_bin.c_str(), argv.data());
      _exit(127);
    }
    const std::regex started("msg=\"minhbachd started\".* port=([0-9]+)");
    for (int i = 0; i < 300; ++i) {
      std::smatch match;
      const std::string text = ReadWholeFile(log_path);
      if (std::regex_search(text, match, started)) {
        server.port_ = std::stoi(match[1]);
        const std::regex web("msg=\"minhbachd started\".* http_port=([0-9]+)");
        if (std::regex_search(text, match, web)) server.http_port_ = std::stoi(match[1]);
        const std::regex metrics("msg=\"minhbachd started\".* metrics_port=([0-9]+)");
        if (std::regex_search(text, match, metrics)) server.metrics_port_ = std::stoi(match[1]);
        return server;
      }
      if (waitpid(server.pid_, nullptr, WNOHANG) == server.pid_) {
        return absl::UnavailableError("the server exited: " + text);
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    server.Stop(SIGKILL);
    return absl::UnavailableError("the server did not start within 6 s: " +
                                  ReadWholeFile(log_path));
  }

  // Sends `signal` and reaps the process; returns its wait status.
  int Stop(int signal) {
    int status = 0;
    kill(pid_, signal);
    waitpid(pid_, &status, 0);
    return status;
  }

  // Resident memory, in KiB, from /proc; 0 when unknown.
  long ResidentKib() const {
    std::istringstream lines(ReadWholeFile(absl::StrCat("/proc/", pid_, "/status")));
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    }
    return 0;
  }

  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  // The web server's port; 0 without --http_listen in `extra_flags`.
  int http_port() const { return http_port_; }
  // The /metrics port; 0 without --metrics_listen in `extra_flags`.
  int metrics_port() const { return metrics_port_; }
  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int http_port_ = 0;
  int metrics_port_ = 0;
};

}  // namespace minhbach::testing

#endif  // MINHBACH_TESTS_SERVER_PROCESS_H_
