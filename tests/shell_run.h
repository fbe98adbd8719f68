// Runs a command line in a shell, as a person at a terminal would, for tests
// of the command-line programs.
#ifndef MINHBACH_TESTS_SHELL_RUN_H_
#define MINHBACH_TESTS_SHELL_RUN_H_

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace minhbach::testing {

struct ShellRun {
  int exit_code = -1;  // -1 when the command did not exit normally
  std::string output;  // stdout and stderr together
};

inline ShellRun Shell(const std::string& command) {
  ShellRun run;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) run.output.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace minhbach::testing

#endif  // MINHBACH_TESTS_SHELL_RUN_H_
