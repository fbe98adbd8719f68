// The personal-data vault's cost on reads: Open (AES-256-GCM with a cached
// household key) then parse, over every household's envelope, beside a
// baseline that only parses the same plaintext, in the same run.
//
//   minhbach_vault_benchmark [--households=10000] [--rounds=3] [--dir=/var/tmp]
//
// The plaintext is a HouseholdPersonalData of the contract (head, four
// members with names, ID numbers, birth dates, phones, health notes; an
// address), built from a descriptor at run time so this benchmark does not
// depend on the households' generated code: both loops parse it the same way.
// Also prints the figure with the vault's default key cache (32768) when the
// households are more: reading them in turn then unwraps a key per envelope.
// The 1.2x goal is for whole timeline and dashboard reads; this is the
// component's share. Asserts nothing.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "services/privacy/personal_data_vault.h"
#include "storage/process_settings.h"

ABSL_FLAG(int, households, 10000, "households in the register");
ABSL_FLAG(int, rounds, 3, "rounds of each loop, taking turns; each judged by its best");
ABSL_FLAG(std::string, dir, "/var/tmp", "directory for the key store (removed afterwards)");

namespace minhbach::bench {
namespace {

namespace pb = google::protobuf;

// minhbach.v1.HouseholdMember and HouseholdPersonalData, as the contract has them.
const pb::Descriptor* PersonalDataDescriptor(pb::DescriptorPool* pool) {
  pb::FileDescriptorProto file;
  file.set_name("bench_household.proto");
  file.set_package("bench");
  file.set_syntax("proto3");
  pb::DescriptorProto* member = file.add_message_type();
  member->set_name("HouseholdMember");
  const char* member_strings[] = {"name", "id_number", "birth_date", "phone", "health_notes"};
  int number = 1;
  for (const char* name : member_strings) {
    pb::FieldDescriptorProto* field = member->add_field();
    field->set_name(name);
    field->set_number(number++);
    field->set_type(pb::FieldDescriptorProto::TYPE_STRING);
    field->set_label(pb::FieldDescriptorProto::LABEL_OPTIONAL);
  }
  pb::FieldDescriptorProto* disability = member->add_field();
  disability->set_name("disability");
  disability->set_number(6);
  disability->set_type(pb::FieldDescriptorProto::TYPE_BOOL);
  disability->set_label(pb::FieldDescriptorProto::LABEL_OPTIONAL);
  pb::FieldDescriptorProto* relation = member->add_field();
  relation->set_name("relation");
  relation->set_number(7);
  relation->set_type(pb::FieldDescriptorProto::TYPE_STRING);
  relation->set_label(pb::FieldDescriptorProto::LABEL_OPTIONAL);

  pb::DescriptorProto* data = file.add_message_type();
  data->set_name("HouseholdPersonalData");
  pb::FieldDescriptorProto* head = data->add_field();
  head->set_name("head_name");
  head->set_number(1);
  head->set_type(pb::FieldDescriptorProto::TYPE_STRING);
  head->set_label(pb::FieldDescriptorProto::LABEL_OPTIONAL);
  pb::FieldDescriptorProto* members = data->add_field();
  members->set_name("members");
  members->set_number(2);
  members->set_type(pb::FieldDescriptorProto::TYPE_MESSAGE);
  members->set_type_name(".bench.HouseholdMember");
  members->set_label(pb::FieldDescriptorProto::LABEL_REPEATED);
  pb::FieldDescriptorProto* address = data->add_field();
  address->set_name("address");
  address->set_number(3);
  address->set_type(pb::FieldDescriptorProto::TYPE_STRING);
  address->set_label(pb::FieldDescriptorProto::LABEL_OPTIONAL);
  pool->BuildFile(file);
  return pool->FindMessageTypeByName("bench.HouseholdPersonalData");
}

std::string MakePlaintext(const pb::Message& prototype, int i) {
  std::unique_ptr<pb::Message> message(prototype.New());
  const pb::Reflection* r = message->GetReflection();
  const pb::Descriptor* d = message->GetDescriptor();
  r->SetString(message.get(), d->FindFieldByName("head_name"), absl::StrCat("Nguyễn Văn ", i));
  r->SetString(message.get(), d->FindFieldByName("address"),
               absl::StrCat("Thôn ", i % 12 + 1, ", xã Liên Chung, huyện Tân Yên, Bắc Giang"));
  for (int m = 0; m < 4; ++m) {
    pb::Message* member = r->AddMessage(message.get(), d->FindFieldByName("members"));
    const pb::Reflection* mr = member->GetReflection();
    const pb::Descriptor* md = member->GetDescriptor();
    mr->SetString(member, md->FindFieldByName("name"), absl::StrCat("Trần Thị Hoa ", i, "-", m));
    mr->SetString(member, md->FindFieldByName("id_number"), absl::StrCat(24100000000 + i * 4 + m));
    mr->SetString(member, md->FindFieldByName("birth_date"), "1985-03-14");
    mr->SetString(member, md->FindFieldByName("phone"), absl::StrCat("09", 10000000 + i));
    mr->SetString(member, md->FindFieldByName("health_notes"), m == 0 ? "tăng huyết áp" : "");
    mr->SetBool(member, md->FindFieldByName("disability"), m == 3);
    mr->SetString(member, md->FindFieldByName("relation"), m == 0 ? "chủ hộ" : "con");
  }
  return message->SerializeAsString();
}

struct Household {
  std::string id;
  std::string plaintext;
  std::string envelope;
};

// Seconds for one pass of `body` over every household, best of `rounds`.
template <typename Body>
double Best(int rounds, const std::vector<Household>& households, Body body) {
  double best = 1e9;
  for (int round = 0; round < rounds; ++round) {
    const absl::Time start = absl::Now();
    for (const Household& h : households) body(h);
    best = std::min(best, absl::ToDoubleSeconds(absl::Now() - start));
  }
  return best;
}

int Run() {
  const int count = absl::GetFlag(FLAGS_households);
  const int rounds = std::max(1, absl::GetFlag(FLAGS_rounds));
  const std::string dir =
      absl::StrCat(absl::GetFlag(FLAGS_dir), "/minhbach-vault-bench-", getpid());
  std::filesystem::remove_all(dir);

  pb::DescriptorPool pool;
  pb::DynamicMessageFactory factory(&pool);
  const pb::Message* prototype = factory.GetPrototype(PersonalDataDescriptor(&pool));

  privacy::VaultOptions options;
  options.key_cache_capacity = static_cast<size_t>(count);  // every key cached
  std::unique_ptr<privacy::PersonalDataVault> vault =
      privacy::PersonalDataVault::Open(dir, *privacy::MasterKey::FromBytes(std::string(32, 'b')),
                                       options)
          .value();
  std::vector<Household> households(count);
  size_t plaintext_bytes = 0;
  for (int i = 0; i < count; ++i) {
    households[i].id = absl::StrCat("thon-", i % 12 + 1, "/H-", 1000 + i);
    households[i].plaintext = MakePlaintext(*prototype, i);
    households[i].envelope = vault->Seal(households[i].id, households[i].plaintext).value();
    plaintext_bytes += households[i].plaintext.size();
  }
  std::printf("households %d, plaintext %.0f bytes each on average, envelope +%zu bytes\n", count,
              static_cast<double>(plaintext_bytes) / count,
              households[0].envelope.size() - households[0].plaintext.size());

  std::unique_ptr<pb::Message> parsed(prototype->New());
  size_t checks = 0;
  auto parse = [&](const Household& h) {
    if (!parsed->ParseFromString(h.plaintext)) std::abort();
    checks += parsed->ByteSizeLong() > 0;
  };
  auto open_and_parse = [&](const Household& h) {
    absl::StatusOr<std::string> plaintext = vault->Open(h.id, h.envelope);
    if (!plaintext.ok() || !parsed->ParseFromString(*plaintext)) std::abort();
    checks += parsed->ByteSizeLong() > 0;
  };
  double bare = 1e9, sealed = 1e9;
  for (int round = 0; round < rounds; ++round) {  // taking turns, each its best
    bare = std::min(bare, Best(1, households, parse));
    sealed = std::min(sealed, Best(1, households, open_and_parse));
  }
  std::printf("parse only:        %8.1f ms (%.2f us a household)\n", bare * 1e3,
              bare * 1e6 / count);
  std::printf("vault open+parse:  %8.1f ms (%.2f us a household, keys cached)\n", sealed * 1e3,
              sealed * 1e6 / count);
  std::printf("vault open+parse / parse ratio %.2f\n", sealed / bare);

  // The default cache, smaller than the register: reading in turn misses.
  const privacy::VaultOptions defaults;
  if (static_cast<size_t>(count) > defaults.key_cache_capacity) {
    vault.reset();
    vault = privacy::PersonalDataVault::Open(
                dir, *privacy::MasterKey::FromBytes(std::string(32, 'b')), defaults)
                .value();
    const double uncached = Best(rounds, households, open_and_parse);
    std::printf(
        "with the default cache of %zu keys: %.1f ms, ratio %.2f (a key unwrapped per "
        "envelope)\n",
        defaults.key_cache_capacity, uncached * 1e3, uncached / bare);
  }
  vault.reset();
  std::filesystem::remove_all(dir);
  return checks > 0 ? 0 : 1;
}

}  // namespace
}  // namespace minhbach::bench

int main(int argc, char** argv) {
  minhbach::storage::UseServerProcessSettings();
  absl::ParseCommandLine(argc, argv);
  return minhbach::bench::Run();
}
