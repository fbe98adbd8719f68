// minhbach-admin: the operator's tool for the server's token file, one token
// per person (see admin_command.h, or run "minhbach-admin help").
#include <iostream>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "clients/admin/admin_command.h"

int main(int argc, char** argv) {
  return minhbach::clients::admin::RunAdmin(std::vector<std::string>(argv + 1, argv + argc),
                                            absl::Now(), std::cout, std::cerr);
}
