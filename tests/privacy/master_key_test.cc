#include "services/privacy/master_key.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "tests/temp_dir.h"

namespace minhbach::privacy {
namespace {

const std::string kRaw = "0123456789abcdef0123456789ABCDEF";  // 32 bytes

std::string Write(const std::string& path, const std::string& content, mode_t mode) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
  chmod(path.c_str(), mode);
  return path;
}

void ExpectKey(const absl::StatusOr<MasterKey>& key) {
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(std::string(key->bytes.begin(), key->bytes.end()), kRaw);
}

TEST(MasterKeyTest, AcceptsRawHexAndBase64) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  ExpectKey(MasterKey::FromFile(Write(dir.Sub("raw"), kRaw, 0600), data));
  ExpectKey(MasterKey::FromFile(Write(dir.Sub("ro"), kRaw, 0400), data));
  ExpectKey(MasterKey::FromFile(Write(dir.Sub("hex"), absl::BytesToHexString(kRaw), 0600), data));
  ExpectKey(MasterKey::FromFile(Write(dir.Sub("hexnl"), absl::BytesToHexString(kRaw) + "\n", 0600),
                                data));
  ExpectKey(
      MasterKey::FromFile(Write(dir.Sub("b64"), absl::Base64Escape(kRaw) + "\n", 0600), data));
}

TEST(MasterKeyTest, RefusesWrongLengthsAndContent) {
  testing::TempDir dir;
  for (const std::string& content :
       {std::string(), kRaw.substr(1), kRaw + "xx", std::string(64, 'g'), std::string(100, 'a')}) {
    absl::StatusOr<MasterKey> key = MasterKey::FromFile(Write(dir.Sub("k"), content, 0600), "");
    EXPECT_EQ(key.status().code(), absl::StatusCode::kFailedPrecondition) << content.size();
    // The message never shows the content.
    if (!content.empty()) EXPECT_EQ(key.status().message().find(content), std::string::npos);
  }
}

TEST(MasterKeyTest, RefusesFilesOthersCanRead) {
  testing::TempDir dir;
  for (mode_t mode : {0640, 0604, 0644, 0660, 0602}) {
    absl::StatusOr<MasterKey> key = MasterKey::FromFile(Write(dir.Sub("k"), kRaw, mode), "");
    EXPECT_EQ(key.status().code(), absl::StatusCode::kFailedPrecondition) << std::oct << mode;
    EXPECT_NE(key.status().message().find("chmod 600"), std::string::npos);
  }
}

TEST(MasterKeyTest, RefusesAKeyInsideTheDataDirectory) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");
  const std::string inside = Write(data + "/sub/master-key", kRaw, 0600);
  EXPECT_EQ(MasterKey::FromFile(inside, data).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(MasterKey::FromFile(inside, data + "/").status().code(),
            absl::StatusCode::kFailedPrecondition);
  // Through a symlink or "..", still inside.
  std::filesystem::create_symlink(data, dir.Sub("link"));
  EXPECT_EQ(MasterKey::FromFile(dir.Sub("link/sub/master-key"), data).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(MasterKey::FromFile(dir.Sub("data/../data/sub/master-key"), data).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // A sibling whose name starts like the data directory is outside.
  ExpectKey(MasterKey::FromFile(Write(dir.Sub("data-key"), kRaw, 0600), data));
}

TEST(MasterKeyTest, MissingFileAndDirectory) {
  testing::TempDir dir;
  EXPECT_EQ(MasterKey::FromFile(dir.Sub("none"), "").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(MasterKey::FromFile(dir.path(), "").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(MasterKeyTest, SystemdCredential) {
  testing::TempDir dir;
  unsetenv("CREDENTIALS_DIRECTORY");
  EXPECT_EQ(MasterKey::FromSystemdCredential("").status().code(), absl::StatusCode::kNotFound);
  setenv("CREDENTIALS_DIRECTORY", dir.path().c_str(), 1);
  EXPECT_EQ(MasterKey::FromSystemdCredential("").status().code(), absl::StatusCode::kNotFound);
  Write(dir.Sub(kMasterKeyCredential), kRaw, 0400);
  ExpectKey(MasterKey::FromSystemdCredential(dir.Sub("data")));
  unsetenv("CREDENTIALS_DIRECTORY");
}

TEST(MasterKeyTest, FromBytesNeedsExactly32) {
  EXPECT_TRUE(MasterKey::FromBytes(kRaw).ok());
  EXPECT_EQ(MasterKey::FromBytes("short").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace minhbach::privacy
