// TLS and mutual TLS against the real server, with certificates that each test
// makes at run time with the openssl command-line tool.
#include <grpcpp/grpcpp.h>
#include <grpcpp/security/credentials.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "services/server/server.h"
#include "storage/uuid.h"
#include "tests/temp_dir.h"
#include "tests/test_server.h"

namespace minhbach {
namespace {

using ::minhbach::testing::NewAppend;
using ::minhbach::testing::TempDir;
using ::minhbach::testing::TestServer;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// `text` as one single-quoted shell word.
std::string Quote(const std::string& text) {
  return absl::StrCat("'", absl::StrReplaceAll(text, {{"'", "'\\''"}}), "'");
}

// Extensions of the certificates below; the DN comes from -subj.
constexpr char kOpensslConfig[] = R"([req]
distinguished_name = dn
[dn]
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
authorityKeyIdentifier = keyid
[client_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
)";

// P-256 keys and certificates in a temporary directory of their own: "ca"
// signs "server" (for 127.0.0.1 and localhost) and "client"; "other_ca", which
// nothing else trusts, signs "other_client". <name>.pem is the certificate,
// <name>.key its private key.
class Certificates {
 public:
  ::testing::AssertionResult Make() {
    std::ofstream config(Path("openssl.cnf"));
    config << kOpensslConfig;
    config.close();
    if (!config) return ::testing::AssertionFailure() << "cannot write " << Path("openssl.cnf");
    for (const char* ca : {"ca", "other_ca"}) {
      ::testing::AssertionResult made = Openssl(absl::StrCat(
          "req -x509 -config ", Quote(Path("openssl.cnf")),
          " -extensions ca_ext -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -noenc -keyout ",
          Quote(Key(ca)), " -out ", Quote(Cert(ca)), " -days 2 -subj /CN=minhbach-test-", ca));
      if (!made) return made;
    }
    struct Leaf {
      const char* name;
      const char* ca;
      const char* extensions;
    };
    for (const Leaf& leaf : {Leaf{"server", "ca", "server_ext"}, Leaf{"client", "ca", "client_ext"},
                             Leaf{"other_client", "other_ca", "client_ext"}}) {
      const std::string request = Path(absl::StrCat(leaf.name, ".csr"));
      ::testing::AssertionResult made = Openssl(absl::StrCat(
          "req -new -config ", Quote(Path("openssl.cnf")),
          " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -noenc -keyout ",
          Quote(Key(leaf.name)), " -out ", Quote(request), " -subj /CN=minhbach-test-", leaf.name));
      if (!made) return made;
      made = Openssl(absl::StrCat("x509 -req -in ", Quote(request), " -CA ", Quote(Cert(leaf.ca)),
                                  " -CAkey ", Quote(Key(leaf.ca)), " -CAcreateserial -days 2",
                                  " -extfile ", Quote(Path("openssl.cnf")), " -extensions ",
                                  leaf.extensions, " -out ", Quote(Cert(leaf.name))));
      if (!made) return made;
    }
    return ::testing::AssertionSuccess();
  }

  std::string Cert(const std::string& name) const { return Path(name + ".pem"); }
  std::string Key(const std::string& name) const { return Path(name + ".key"); }
  std::string CertPem(const std::string& name) const { return ReadFile(Cert(name)); }
  std::string KeyPem(const std::string& name) const { return ReadFile(Key(name)); }

 private:
  std::string Path(const std::string& file) const { return dir_.Sub(file); }

  ::testing::AssertionResult Openssl(const std::string& arguments) {
    const std::string command = "openssl " + arguments;
    const std::string output = Path("openssl.out");
    const int status = std::system((command + " >" + Quote(output) + " 2>&1").c_str());
    if (status == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << command << "\nfailed (wait status " << status << "):\n"
                                         << ReadFile(output);
  }

  TempDir dir_;
};

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(certificates_.Make()); }

  // The server's certificate pair; with `mutual`, clients must also present a
  // certificate signed by "ca".
  services::ServerOptions TlsOptions(bool mutual = false) const {
    services::ServerOptions options;
    options.tls_cert = certificates_.Cert("server");
    options.tls_key = certificates_.Key("server");
    if (mutual) options.tls_client_ca = certificates_.Cert("ca");
    return options;
  }

  void StartServer(const services::ServerOptions& options) {
    server_.emplace(options);
    ASSERT_FALSE(HasFailure()) << "the server did not start";
  }

  // A TLS channel trusting `root`'s certificate, presenting `client`'s
  // certificate unless `client` is empty.
  std::shared_ptr<grpc::Channel> TlsChannel(const std::string& root,
                                            const std::string& client = "") const {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = certificates_.CertPem(root);
    if (!client.empty()) {
      ssl.pem_private_key = certificates_.KeyPem(client);
      ssl.pem_cert_chain = certificates_.CertPem(client);
    }
    return grpc::CreateChannel(server_->address(), grpc::SslCredentials(ssl));
  }

  // A context carrying `role`'s quick-start token.
  std::unique_ptr<grpc::ClientContext> Context(const std::string& role) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + server_->Token(role));
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    return context;
  }

  // Appends one event to `stream` as "service".
  grpc::Status Append(const std::shared_ptr<grpc::Channel>& channel, const std::string& stream,
                      v1::AppendRequest* request) {
    *request = NewAppend(stream);
    v1::AppendResponse response;
    return v1::EventLog::NewStub(channel)->Append(Context("service").get(), *request, &response);
  }

  Certificates certificates_;
  std::optional<TestServer> server_;
};

class MutualTlsTest : public TlsTest {
 protected:
  void SetUp() override {
    TlsTest::SetUp();
    if (HasFatalFailure()) return;
    StartServer(TlsOptions(/*mutual=*/true));
  }
};

TEST_F(TlsTest, ClientTrustingTheCaAppendsAndReads) {
  ASSERT_NO_FATAL_FAILURE(StartServer(TlsOptions()));
  const std::shared_ptr<grpc::Channel> channel = TlsChannel("ca");
  v1::AppendRequest request;
  grpc::Status status = Append(channel, "ext/x", &request);
  ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();

  v1::ReadEventsResponse page;
  status = v1::EventLog::NewStub(channel)->ReadAll(Context("district").get(), v1::ReadAllRequest(),
                                                   &page);
  ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
  ASSERT_EQ(page.events_size(), 1);
  EXPECT_EQ(page.events(0).record().stream(), "ext/x");
  EXPECT_EQ(storage::FormatUuid(page.events(0).record().event_id()), request.events(0).event_id());
  EXPECT_EQ(server_->log().Size(), 1u);
}

TEST_F(TlsTest, ClientNotTrustingTheCaIsUnavailableAndAppendsNothing) {
  ASSERT_NO_FATAL_FAILURE(StartServer(TlsOptions()));
  v1::AppendRequest request;
  EXPECT_EQ(Append(TlsChannel("other_ca"), "ext/x", &request).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(server_->log().Size(), 0u);
}

TEST_F(TlsTest, PlaintextClientIsRefusedAndAppendsNothing) {
  ASSERT_NO_FATAL_FAILURE(StartServer(TlsOptions()));
  v1::AppendRequest request;
  EXPECT_EQ(Append(server_->Channel(), "ext/x", &request).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(server_->log().Size(), 0u);
}

TEST_F(TlsTest, StartRefusesHalfATlsPair) {
  TempDir dir;
  services::ServerOptions cert_only = TlsOptions();
  cert_only.listen = "127.0.0.1:0";
  cert_only.data_dir = dir.Sub("data");
  cert_only.tls_key.clear();
  EXPECT_EQ(services::Server::Start(cert_only).status().code(),
            absl::StatusCode::kFailedPrecondition);

  services::ServerOptions key_only = TlsOptions();
  key_only.listen = "127.0.0.1:0";
  key_only.data_dir = dir.Sub("data");
  key_only.tls_cert.clear();
  EXPECT_EQ(services::Server::Start(key_only).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(TlsTest, StartRefusesClientCaWithoutACertificatePair) {
  TempDir dir;
  services::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.data_dir = dir.Sub("data");
  options.tls_client_ca = certificates_.Cert("ca");
  EXPECT_EQ(services::Server::Start(options).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(TlsTest, StartRefusesPlaintextOnNonLoopbackAddressUnlessAllowed) {
  TempDir dir;
  services::ServerOptions options;
  options.listen = "0.0.0.0:0";
  options.data_dir = dir.Sub("data");
  EXPECT_EQ(services::Server::Start(options).status().code(),
            absl::StatusCode::kFailedPrecondition);

  options.insecure_allow_plaintext = true;
  absl::StatusOr<std::unique_ptr<services::Server>> server = services::Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_NE((*server)->port(), 0);
  (*server)->Shutdown(absl::ZeroDuration());
}

TEST_F(MutualTlsTest, ClientWithCertificateFromTheCaIsServed) {
  const std::shared_ptr<grpc::Channel> channel = TlsChannel("ca", "client");
  v1::AppendRequest request;
  grpc::Status status = Append(channel, "ext/x", &request);
  ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();

  v1::ReadEventsResponse page;
  status = v1::EventLog::NewStub(channel)->ReadAll(Context("district").get(), v1::ReadAllRequest(),
                                                   &page);
  ASSERT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
  ASSERT_EQ(page.events_size(), 1);
  EXPECT_EQ(storage::FormatUuid(page.events(0).record().event_id()), request.events(0).event_id());
}

TEST_F(MutualTlsTest, ClientWithoutCertificateIsRefusedAndAppendsNothing) {
  v1::AppendRequest request;
  EXPECT_EQ(Append(TlsChannel("ca"), "ext/x", &request).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(server_->log().Size(), 0u);
}

TEST_F(MutualTlsTest, ClientWithCertificateFromAnotherCaIsRefusedAndAppendsNothing) {
  v1::AppendRequest request;
  EXPECT_EQ(Append(TlsChannel("ca", "other_client"), "ext/x", &request).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(server_->log().Size(), 0u);
}

}  // namespace
}  // namespace minhbach
