// A fresh directory per test, removed afterwards, so tests never share state.
#ifndef MINHBACH_TESTS_TEMP_DIR_H_
#define MINHBACH_TESTS_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>

namespace minhbach::testing {

// A new directory under the system's temporary directory, named
// <prefix>-XXXXXX, for harnesses that keep it (or remove it) themselves.
inline std::string MakeTempDirectory(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  return mkdtemp(pattern.data());
}

class TempDir {
 public:
  TempDir() : path_(MakeTempDirectory("minhbach-test")) {}
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // A path inside the directory that does not exist yet.
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace minhbach::testing

#endif  // MINHBACH_TESTS_TEMP_DIR_H_
