// The personal-data envelope on arbitrary bytes: DecodeEnvelope and
// PersonalDataVault::Open never crash or read past the input. Invariants: a
// decoded envelope is exactly its parts, and its header re-encodes to the same
// bytes; Open succeeds only on an envelope the vault sealed for that very
// household (and returns its plaintext), fails DataLoss otherwise, and says
// "erased" for the erased household. The first input byte picks the household
// and whether the rest is the envelope itself or a mask XORed over a real one
// (so mutations reach the cipher, not only the parser). PersonalDataErased
// payloads are read from the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "services/privacy/envelope.h"
#include "services/privacy/log_erasures.h"
#include "services/privacy/personal_data_vault.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using minhbach::privacy::PersonalDataVault;

struct Household {
  std::string id;
  std::string plaintext;
  std::string envelope;
};

PersonalDataVault* vault = nullptr;
std::vector<Household>* households = nullptr;
std::string* vault_dir = nullptr;

void RemoveVaultDir() {
  std::error_code ignored;
  std::filesystem::remove_all(*vault_dir, ignored);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string dir =
      (std::filesystem::temp_directory_path() / "minhbach-fuzz-vault-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) std::abort();
  vault_dir = new std::string(dir);
  std::atexit(RemoveVaultDir);
  auto key = minhbach::privacy::MasterKey::FromBytes(std::string(32, 'f'));
  auto opened = PersonalDataVault::Open(dir + "/keys", *key);
  FUZZ_CHECK(opened.ok());
  vault = opened->release();
  households = new std::vector<Household>{
      {"v1/H-0001", "head_name: A", ""}, {"v1/H-0002", "", ""}, {"v2/H-0003", "erased", ""}};
  for (Household& h : *households) {
    auto sealed = vault->Seal(h.id, h.plaintext);
    FUZZ_CHECK(sealed.ok());
    h.envelope = *sealed;
  }
  FUZZ_CHECK(vault->Erase("v2/H-0003").ok());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<minhbach::privacy::EnvelopeView> view = minhbach::privacy::DecodeEnvelope(input);
  if (view.ok()) {
    FUZZ_CHECK(std::string(view->header) + std::string(view->ciphertext_and_tag) == input);
    FUZZ_CHECK(view->nonce.size() == 12 && view->ciphertext_and_tag.size() >= 16);
    FUZZ_CHECK(minhbach::privacy::EncodeEnvelopeHeader(view->generation, view->nonce) ==
               view->header);
  } else {
    FUZZ_CHECK(absl::IsDataLoss(view.status()));
  }

  if (std::optional<std::string> id = minhbach::privacy::ErasedHouseholdOfPayload(input)) {
    FUZZ_CHECK(!id->empty() && id->size() <= 1024);
  }

  if (size == 0) return 0;
  const Household& h = (*households)[data[0] % households->size()];
  std::string envelope = input.substr(1);
  if (data[0] & 0x80) {  // a mask over the household's real envelope
    std::string masked = h.envelope;
    for (size_t i = 0; i < envelope.size() && i < masked.size(); ++i) masked[i] ^= envelope[i];
    envelope = masked;
  }
  absl::StatusOr<std::string> opened = vault->Open(h.id, envelope);
  if (h.id == "v2/H-0003") {
    FUZZ_CHECK(minhbach::privacy::IsErased(opened.status()));
  } else if (opened.ok()) {
    FUZZ_CHECK(envelope == h.envelope && *opened == h.plaintext);
  } else {
    FUZZ_CHECK(absl::IsDataLoss(opened.status()) && envelope != h.envelope);
  }
  return 0;
}
