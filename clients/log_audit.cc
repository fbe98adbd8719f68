#include "clients/log_audit.h"

#include <algorithm>
#include <iterator>
#include <random>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/text/language.h"
#include "clients/tiles_source.h"
#include "minhbach/v1/event_log_service.grpc.pb.h"
#include "storage/checkpoint.h"
#include "storage/merkle.h"
#include "storage/status_macros.h"
#include "storage/tlog_tiles.h"

namespace minhbach::clients {
namespace {

using storage::merkle::Hash;

absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::UnavailableError(DescribeStatus(status));
}

// The root of the first `size` of `leaves`.
Hash PrefixRoot(const std::vector<Hash>& leaves, uint64_t size) {
  storage::merkle::CompactRange range;
  for (uint64_t i = 0; i < size; ++i) range.Append(leaves[i], [](int, uint64_t, const Hash&) {});
  return range.Root();
}

// The server, over gRPC.
class GrpcSource : public AuditSource {
 public:
  GrpcSource(const ConnectionSettings& settings, const std::shared_ptr<grpc::Channel>& channel,
             int timeout_seconds)
      : settings_(settings),
        audit_(v1::Audit::NewStub(channel)),
        events_(v1::EventLog::NewStub(channel)),
        timeout_seconds_(timeout_seconds) {}

  std::string NameVi() const override { return "máy chủ"; }
  std::string NameEn() const override { return "the server"; }
  absl::StatusOr<std::string> SignedHead(const std::string& cosigned_by) override {
    v1::GetCheckpointRequest request;
    request.set_cosigned_by(cosigned_by);
    v1::SignedCheckpoint fetched;
    RETURN_IF_ERROR(FromGrpc(audit_->GetCheckpoint(Context().get(), request, &fetched)));
    return fetched.signed_note();
  }
  absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t old_size,
                                                     uint64_t new_size) override {
    v1::GetConsistencyProofRequest request;
    request.set_old_size(old_size);
    request.set_new_size(new_size);
    v1::ConsistencyProof proof;
    RETURN_IF_ERROR(FromGrpc(audit_->GetConsistencyProof(Context().get(), request, &proof)));
    return ProofHashes(proof.hashes());
  }
  absl::StatusOr<std::pair<std::string, std::vector<Hash>>> EventWithProof(uint64_t position,
                                                                           uint64_t size) override {
    v1::GetInclusionProofRequest request;
    request.set_position(position);
    request.set_tree_size(size);
    v1::InclusionProof proof;
    RETURN_IF_ERROR(FromGrpc(audit_->GetInclusionProof(Context().get(), request, &proof)));
    ASSIGN_OR_RETURN(std::vector<Hash> hashes, ProofHashes(proof.hashes()));
    return std::make_pair(std::move(*proof.mutable_event()->mutable_raw_record()),
                          std::move(hashes));
  }
  absl::StatusOr<std::vector<std::string>> RawRecords(uint64_t from, size_t limit,
                                                      uint64_t) override {
    v1::ReadAllRequest request;
    request.set_from_position(from);
    request.set_limit(static_cast<uint32_t>(limit));
    v1::ReadEventsResponse page;
    RETURN_IF_ERROR(FromGrpc(events_->ReadAll(Context().get(), request, &page)));
    std::vector<std::string> raws;
    for (v1::Event& event : *page.mutable_events()) {
      raws.push_back(std::move(*event.mutable_raw_record()));
    }
    return raws;
  }

 private:
  std::unique_ptr<grpc::ClientContext> Context() {
    return CallContext(settings_, timeout_seconds_);
  }
  const ConnectionSettings& settings_;
  std::unique_ptr<v1::Audit::Stub> audit_;
  std::unique_ptr<v1::EventLog::Stub> events_;
  const int timeout_seconds_;
};

// A tlog-tiles mirror: proofs from its hash tiles, events from its bundles.
class MirrorSource : public AuditSource {
 public:
  explicit MirrorSource(const std::string& mirror) : fetch_(TilesSource(mirror)) {}

  std::string NameVi() const override { return "bản sao"; }
  std::string NameEn() const override { return "the mirror"; }
  absl::StatusOr<std::string> SignedHead(const std::string&) override {
    return fetch_("checkpoint");
  }
  absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t old_size,
                                                     uint64_t new_size) override {
    storage::tiles::TileNodeReader nodes(fetch_, new_size);
    return storage::merkle::ConsistencyProof(nodes, old_size, new_size);
  }
  absl::StatusOr<std::pair<std::string, std::vector<Hash>>> EventWithProof(uint64_t position,
                                                                           uint64_t size) override {
    ASSIGN_OR_RETURN(std::vector<std::string> raws, RawRecords(position, 1, size));
    storage::tiles::TileNodeReader nodes(fetch_, size);
    ASSIGN_OR_RETURN(std::vector<Hash> proof,
                     storage::merkle::InclusionProof(nodes, position, size));
    return std::make_pair(std::move(raws[0]), std::move(proof));
  }
  // The rest of the bundle holding `from`.
  absl::StatusOr<std::vector<std::string>> RawRecords(uint64_t from, size_t limit,
                                                      uint64_t size) override {
    namespace tiles = storage::tiles;
    const tiles::TileRef bundle{0, from / tiles::kTileWidth,
                                tiles::AvailableWidth(0, from / tiles::kTileWidth, size)};
    if (from >= size || bundle.width == 0) {
      return absl::OutOfRangeError(absl::StrCat("no event ", from, " in a log of ", size));
    }
    ASSIGN_OR_RETURN(std::string bytes, fetch_(tiles::EntriesPath(bundle)));
    absl::StatusOr<std::vector<std::string>> entries =
        tiles::DecodeEntryBundle(bytes, bundle.width);
    if (!entries.ok()) {
      return absl::DataLossError(
          absl::StrCat(tiles::EntriesPath(bundle), ": ", entries.status().message()));
    }
    const size_t first = from % tiles::kTileWidth;
    const size_t end = std::min<size_t>(entries->size(), first + limit);
    return std::vector<std::string>(std::make_move_iterator(entries->begin() + first),
                                    std::make_move_iterator(entries->begin() + end));
  }

 private:
  storage::tiles::Fetch fetch_;
};

// The position an event's stored record names; nullopt when it does not parse.
std::optional<uint64_t> RecordPosition(const std::string& raw) {
  v1::EventRecord record;
  if (!record.ParseFromString(raw)) return std::nullopt;
  return record.position();
}

class Checks {
 public:
  Checks(AuditSource& source, const storage::note::Verifier& key, const AuditOptions& options)
      : source_(source), key_(key), options_(options) {}

  absl::StatusOr<AuditResult> Run() {
    ASSIGN_OR_RETURN(
        const std::string fetched,
        source_.SignedHead(options_.require_cosigner ? options_.require_cosigner->name()
                                                     : std::string()));
    absl::StatusOr<storage::Checkpoint> head = storage::OpenCheckpoint(fetched, key_);
    if (!head.ok()) {
      return Fail(Say(absl::StrCat("đầu nhật ký ", source_.NameVi(), " gửi không được ký bởi ",
                                   key_.name(), ": ", head.status().message()),
                      absl::StrCat(source_.NameEn(), "'s head is not signed by ", key_.name(), ": ",
                                   head.status().message())));
    }
    head_ = *head;
    result_.new_head = fetched;
    Note(Say(absl::StrCat("đầu nhật ký: ", head_.size, " sự kiện, ký bởi ", key_.name()),
             absl::StrCat("head: ", head_.size, " events, signed by ", key_.name())));
    if (options_.require_cosigner) {
      absl::StatusOr<storage::note::Note> cosigned =
          storage::note::Open(fetched, {*options_.require_cosigner});
      if (!cosigned.ok()) {
        return Fail(
            Say(absl::StrCat("đầu nhật ký không có chữ ký xác nhận của ",
                             options_.require_cosigner->name(), ": ", cosigned.status().message()),
                absl::StrCat("the head is not cosigned by ", options_.require_cosigner->name(),
                             ": ", cosigned.status().message())));
      }
      Note(
          Say(absl::StrCat("có chữ ký xác nhận của nhân chứng ", options_.require_cosigner->name()),
              absl::StrCat("cosigned by the witness ", options_.require_cosigner->name())));
    }
    if (!options_.saved_head.empty()) {
      ASSIGN_OR_RETURN(bool consistent, CheckConsistency());
      if (!consistent) return result_;
    } else {
      Note(Say("chưa có đầu nhật ký đã lưu: đầu này được tin là đầu tiên",
               "no saved head: this head is trusted as the first one"));
    }
    ASSIGN_OR_RETURN(bool included, options_.all ? CheckEveryEvent() : CheckSample());
    result_.verified = included;
    return result_;
  }

 private:
  void Note(std::string line) { result_.lines.push_back(std::move(line)); }
  AuditResult Fail(std::string line) {
    Note(std::move(line));
    result_.verified = false;
    return result_;
  }

  absl::StatusOr<bool> CheckConsistency() {
    absl::StatusOr<storage::Checkpoint> saved = storage::OpenCheckpoint(options_.saved_head, key_);
    if (!saved.ok()) {
      Fail(Say(absl::StrCat("đầu nhật ký đã lưu không được ký bởi ", key_.name(), ": ",
                            saved.status().message()),
               absl::StrCat("the saved head is not signed by ", key_.name(), ": ",
                            saved.status().message())));
      return false;
    }
    if (saved->size > head_.size) {
      Fail(Say(absl::StrCat("nhật ký bị ngắn đi: đầu đã lưu có ", saved->size, " sự kiện, đầu của ",
                            source_.NameVi(), " ", head_.size),
               absl::StrCat("the log shrank: the saved head has ", saved->size, " events, ",
                            source_.NameEn(), "'s ", head_.size)));
      return false;
    }
    absl::Status consistent = absl::OkStatus();
    if (saved->size == head_.size) {
      if (saved->root != head_.root) consistent = absl::DataLossError("same size, another root");
    } else if (saved->size > 0) {
      ASSIGN_OR_RETURN(std::vector<Hash> hashes, source_.ConsistencyProof(saved->size, head_.size));
      consistent = storage::merkle::VerifyConsistency(saved->size, head_.size, saved->root,
                                                      head_.root, hashes);
    }
    if (!consistent.ok()) {
      Fail(Say(absl::StrCat("KHÔNG NHẤT QUÁN: nhật ký ký ở ", head_.size,
                            " sự kiện không nối tiếp đầu đã lưu gồm ", saved->size, ": ",
                            consistent.message()),
               absl::StrCat("NOT CONSISTENT: the log signed at ", head_.size,
                            " events does not extend the saved head of ", saved->size, ": ",
                            consistent.message())));
      return false;
    }
    Note(Say(absl::StrCat("nhất quán: nối tiếp đầu đã lưu gồm ", saved->size, " sự kiện"),
             absl::StrCat("consistent: it extends the saved head of ", saved->size, " events")));
    return true;
  }

  // Events at random positions (and the last one), each re-hashed here and
  // checked with its inclusion proof against the signed root.
  absl::StatusOr<bool> CheckSample() {
    if (head_.size == 0) return true;
    std::vector<uint64_t> positions = {head_.size - 1};
    std::mt19937_64 rng(std::random_device{}());
    for (int i = 1; i < options_.sample && static_cast<uint64_t>(i) < head_.size; ++i) {
      positions.push_back(rng() % head_.size);
    }
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    for (uint64_t position : positions) {
      ASSIGN_OR_RETURN(auto event, source_.EventWithProof(position, head_.size));
      const auto& [raw, hashes] = event;
      const absl::Status included = storage::merkle::VerifyInclusion(
          storage::merkle::HashLeaf(raw), position, head_.size, hashes, head_.root);
      if (!included.ok() || RecordPosition(raw) != position) {
        result_.bad_position = position;
        const std::string why = included.ok()
                                    ? Say("nó mang vị trí khác", "it names another position")
                                    : std::string(included.message());
        Fail(Say(absl::StrCat("sự kiện ", position, " ", source_.NameVi(),
                              " gửi không khớp cây đã ký: ", why),
                 absl::StrCat("event ", position, " as ", source_.NameEn(),
                              " serves it does not match the signed tree: ", why)));
        return false;
      }
    }
    Note(Say(absl::StrCat("có trong cây: ", positions.size(),
                          " sự kiện băm lại tại đây khớp gốc đã ký (lấy mẫu; --all kiểm tất cả)"),
             absl::StrCat("included: ", positions.size(),
                          " events re-hashed here match the signed root (sample; --all checks "
                          "every one)")));
    return true;
  }

  // Every event, re-hashed here; the tree rebuilt from them must have the
  // signed root. When it does not, a binary search with consistency proofs
  // finds the first event that differs.
  absl::StatusOr<bool> CheckEveryEvent() {
    std::vector<Hash> leaves;
    leaves.reserve(head_.size);
    while (leaves.size() < head_.size) {
      ASSIGN_OR_RETURN(std::vector<std::string> page,
                       source_.RawRecords(leaves.size(), 1000, head_.size));
      if (page.empty()) break;
      for (const std::string& raw : page) {
        if (leaves.size() == head_.size) break;
        const std::optional<uint64_t> named = RecordPosition(raw);
        if (named != leaves.size()) {
          result_.bad_position = leaves.size();
          const std::string what = named ? absl::StrCat(*named) : "?";
          Fail(Say(absl::StrCat("thiếu sự kiện ", leaves.size(), ": ", source_.NameVi(),
                                " gửi vị trí ", what, " vào chỗ của nó"),
                   absl::StrCat("event ", leaves.size(), " is missing: ", source_.NameEn(),
                                " sent position ", what, " in its place")));
          return false;
        }
        leaves.push_back(storage::merkle::HashLeaf(raw));
      }
    }
    if (leaves.size() < head_.size) {
      result_.bad_position = leaves.size();
      Fail(Say(absl::StrCat(source_.NameVi(), " gửi ", leaves.size(),
                            " sự kiện, đầu nhật ký của nó ký ", head_.size),
               absl::StrCat(source_.NameEn(), " served ", leaves.size(), " events, its head signs ",
                            head_.size)));
      return false;
    }
    if (PrefixRoot(leaves, leaves.size()) == head_.root) {
      Note(Say(absl::StrCat("có trong cây: cả ", head_.size,
                            " sự kiện băm lại tại đây dựng lại đúng gốc đã ký"),
               absl::StrCat("included: all ", head_.size,
                            " events re-hashed here rebuild the signed root")));
      return true;
    }
    // The smallest prefix whose root the signed tree does not extend ends
    // with the first bad event.
    uint64_t good = 0, bad = head_.size;  // prefix sizes: good verifies, bad does not
    while (bad - good > 1) {
      const uint64_t mid = good + (bad - good) / 2;
      ASSIGN_OR_RETURN(std::vector<Hash> hashes, source_.ConsistencyProof(mid, head_.size));
      const bool extends = storage::merkle::VerifyConsistency(
                               mid, head_.size, PrefixRoot(leaves, mid), head_.root, hashes)
                               .ok();
      (extends ? good : bad) = mid;
    }
    result_.bad_position = good;
    Fail(Say(absl::StrCat("sự kiện ", good, " ", source_.NameVi(),
                          " gửi không khớp cây đã ký: nội dung đã bị sửa, hoặc nó đã bị "
                          "xóa hay thay thế"),
             absl::StrCat("event ", good, " as ", source_.NameEn(),
                          " serves it does not match the signed tree: its bytes were changed, or "
                          "it was removed or replaced")));
    return false;
  }

  AuditSource& source_;
  const storage::note::Verifier& key_;
  const AuditOptions& options_;
  storage::Checkpoint head_;
  AuditResult result_;
};

}  // namespace

absl::StatusOr<std::vector<Hash>> ProofHashes(
    const google::protobuf::RepeatedPtrField<std::string>& elements) {
  std::vector<Hash> hashes;
  for (const std::string& bytes : elements) {
    Hash hash{};
    if (bytes.size() != hash.size()) {
      return absl::InvalidArgumentError("the server sent a proof element that is not a hash");
    }
    std::copy(bytes.begin(), bytes.end(), hash.begin());
    hashes.push_back(hash);
  }
  return hashes;
}

absl::StatusOr<AuditResult> Audit(AuditSource& source, const storage::note::Verifier& log_key,
                                  const AuditOptions& options) {
  return Checks(source, log_key, options).Run();
}

absl::StatusOr<AuditResult> AuditTilesMirror(const std::string& mirror,
                                             const storage::note::Verifier& log_key,
                                             const AuditOptions& options) {
  MirrorSource source(mirror);
  absl::StatusOr<AuditResult> result = Audit(source, log_key, options);
  if (result.ok()) return result;
  return absl::Status(
      result.status().code(),
      Say(absl::StrCat("không đọc được bản sao ", mirror, ": ", result.status().message(),
                       "; kiểm tra --tiles (thư mục hoặc URL của bản sao) và chép lại bản sao "
                       "nếu nó chưa đủ"),
          absl::StrCat("cannot read the mirror ", mirror, ": ", result.status().message(),
                       "; check --tiles (the mirror's directory or URL), and sync the mirror "
                       "again if it is incomplete")));
}

absl::StatusOr<AuditResult> AuditLog(const ConnectionSettings& settings,
                                     const std::shared_ptr<grpc::Channel>& channel,
                                     const storage::note::Verifier& log_key,
                                     const AuditOptions& options) {
  GrpcSource source(settings, channel, options.timeout_seconds);
  return Audit(source, log_key, options);
}

}  // namespace minhbach::clients
