#include "clients/province_log.h"

#include <openssl/sha.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/connection.h"
#include "clients/log_audit.h"
#include "clients/text/language.h"
#include "storage/merkle.h"
#include "storage/status_macros.h"
#include "storage/uuid.h"

namespace minhbach::clients {
namespace {

namespace merkle = storage::merkle;
using storage::Checkpoint;

// "the province log (recording the head)": what its server refused.
std::string ProvinceProblem(absl::string_view doing) {
  return absl::StrCat(kProvinceLogProblem, " (", doing, ")");
}

// A head the province recorded: the commune's signed note and where it is.
struct Recorded {
  std::string note;
  Checkpoint head;
  uint64_t version = 0;
  uint64_t position = 0;
};

// Opens a head the province recorded with the commune's key. The province is
// not trusted: an entry its commune did not sign is an error, never a head.
absl::StatusOr<Recorded> OpenRecorded(const v1::Event& event,
                                      const storage::note::Verifier& commune_key) {
  absl::StatusOr<Checkpoint> head = storage::OpenCheckpoint(event.record().payload(), commune_key);
  if (!head.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the province log's entry at position ", event.record().position(), " (stream ",
        event.record().stream(), ") does not open with the commune's key ", commune_key.name(),
        ": ", head.status().message(), "; is the key in the communes file this commune's?"));
  }
  return Recorded{event.record().payload(), *std::move(head), event.record().stream_version(),
                  event.record().position()};
}

// The head the province recorded last for `origin`, if any.
absl::StatusOr<std::optional<Recorded>> LastRecorded(const ProvinceLog& province,
                                                     absl::string_view origin,
                                                     const storage::note::Verifier& commune_key) {
  v1::ReadStreamRequest request;
  request.set_stream(CommuneStream(origin));
  request.set_backward(true);
  request.set_limit(1);
  v1::ReadEventsResponse response;
  const grpc::Status status =
      province.events->ReadStream(province.context().get(), request, &response);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
  RETURN_IF_ERROR(StatusFromGrpc(status, ProvinceProblem("reading")));
  if (response.events().empty()) return std::nullopt;
  ASSIGN_OR_RETURN(Recorded last, OpenRecorded(response.events(0), commune_key));
  return last;
}

// An event id the head itself decides (SHA-256 of the signed note), so that
// a retried append of the same head is a duplicate, never a second entry.
std::string HeadEventId(absl::string_view note) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(note.data()), note.size(), digest);
  digest[6] = (digest[6] & 0x0f) | 0x80;  // RFC 9562 version 8: custom
  digest[8] = (digest[8] & 0x3f) | 0x80;  // RFC 9562 variant
  return storage::FormatUuid(absl::string_view(reinterpret_cast<const char*>(digest), 16));
}

enum class Extension { kExtends, kForked };

// Whether `later` extends `earlier` (both signed by the commune), from a
// consistency proof read from the tiles of `mirror`, whose own signed tree
// has `mirror_size` ≥ later.size leaves. kForked only when the tiles are
// shown to be those of `later` (the proof holds for later's root and for the
// prefix the tiles give) while `earlier`'s root is not that prefix: then the
// commune signed two histories. A proof that fails for the tiles' own prefix
// means a damaged mirror: DataLoss.
absl::StatusOr<Extension> CheckExtends(const storage::tiles::Fetch& mirror, uint64_t mirror_size,
                                       const Checkpoint& earlier, const Checkpoint& later) {
  if (earlier.size == later.size) {
    return earlier.root == later.root ? Extension::kExtends : Extension::kForked;
  }
  if (earlier.size == 0) {
    return earlier.root == merkle::EmptyRoot() ? Extension::kExtends : Extension::kForked;
  }
  storage::tiles::TileNodeReader nodes(mirror, mirror_size);
  ASSIGN_OR_RETURN(std::vector<merkle::Hash> proof,
                   merkle::ConsistencyProof(nodes, earlier.size, later.size));
  if (merkle::VerifyConsistency(earlier.size, later.size, earlier.root, later.root, proof).ok()) {
    return Extension::kExtends;
  }
  ASSIGN_OR_RETURN(merkle::Hash prefix, merkle::RootAt(nodes, earlier.size));
  if (merkle::VerifyConsistency(earlier.size, later.size, prefix, later.root, proof).ok()) {
    return Extension::kForked;
  }
  return absl::DataLossError(absl::StrCat(
      "the mirror's tiles do not hash to the commune's signed head of ", later.size, " events"));
}

// The mirror's signed head, opened with the commune's key.
absl::StatusOr<std::pair<std::string, Checkpoint>> MirrorHead(const storage::tiles::Fetch& fetch,
                                                              const storage::note::Verifier& key) {
  ASSIGN_OR_RETURN(std::string note, fetch("checkpoint"));
  absl::StatusOr<Checkpoint> head = storage::OpenCheckpoint(note, key);
  if (!head.ok()) {
    return absl::Status(head.status().code(),
                        absl::StrCat("the mirror's checkpoint: ", head.status().message()));
  }
  return std::make_pair(std::move(note), *std::move(head));
}

std::string Evidence(absl::string_view recorded, absl::string_view other) {
  return absl::StrCat(recorded, "\n", other);
}

std::string TwoHistories(uint64_t earlier, uint64_t later) {
  return Say(absl::StrCat("XÃ CÓ HAI LỊCH SỬ: đầu sổ ", earlier,
                          " sự kiện không phải là phần đầu của đầu sổ ", later,
                          " sự kiện, dù cả hai đều có chữ ký của xã"),
             absl::StrCat("THE COMMUNE HAS TWO HISTORIES: its head of ", earlier,
                          " events is not a prefix of its head of ", later,
                          " events, though it signed both"));
}

// Whether `later` extends `earlier` (both signed by the commune), read from
// the commune's mirror, whose own signed head must extend `later` first (a
// mirror showing yet another history is a fork in itself). nullopt, with a
// line saying what to do, when no mirror was given or it is behind `later`.
absl::StatusOr<std::optional<Extension>> ExtendsPerMirror(const storage::tiles::Fetch& mirror,
                                                          const storage::note::Verifier& key,
                                                          const Checkpoint& earlier,
                                                          const Checkpoint& later,
                                                          std::vector<std::string>& lines) {
  if (!mirror) {
    lines.push_back(Say(
        absl::StrCat("để so đầu sổ ", earlier.size, " sự kiện với đầu sổ ", later.size,
                     " sự kiện, hãy cho --commune_tiles=bản sao tlog-tiles của xã"),
        absl::StrCat("to compare the head of ", earlier.size, " events with the head of ",
                     later.size, " events, give --commune_tiles=the commune's tlog-tiles mirror")));
    return std::nullopt;
  }
  ASSIGN_OR_RETURN(auto head, MirrorHead(mirror, key));
  const Checkpoint& shown = head.second;
  if (shown.size < later.size) {
    lines.push_back(
        Say(absl::StrCat("bản sao của xã (", shown.size, " sự kiện) chậm hơn đầu sổ ", later.size,
                         " sự kiện; hãy thử lại khi bản sao được cập nhật"),
            absl::StrCat("the commune's mirror (", shown.size, " events) is behind the head of ",
                         later.size, " events; try again when it is updated")));
    return std::nullopt;
  }
  ASSIGN_OR_RETURN(Extension mirror_extends, CheckExtends(mirror, shown.size, later, shown));
  if (mirror_extends == Extension::kForked) {
    lines.push_back(TwoHistories(later.size, shown.size));
    return Extension::kForked;
  }
  ASSIGN_OR_RETURN(Extension extends, CheckExtends(mirror, shown.size, earlier, later));
  if (extends == Extension::kForked) {
    lines.push_back(TwoHistories(earlier.size, later.size));
  } else {
    lines.push_back(
        Say(absl::StrCat("đầu sổ ", earlier.size, " sự kiện là phần đầu của đầu sổ ", later.size,
                         " sự kiện (chứng minh nhất quán từ bản sao của xã)"),
            absl::StrCat("the head of ", earlier.size, " events is a prefix of the head of ",
                         later.size, " events (a consistency proof from the commune's mirror)")));
  }
  return extends;
}

}  // namespace

std::string CommuneStream(absl::string_view origin) {
  return absl::StrCat(kCommuneStreamPrefix, origin);
}

absl::StatusOr<FollowResult> FollowCommune(const storage::tiles::Fetch& fetch,
                                           const storage::note::Verifier& key,
                                           const ProvinceLog& province) {
  ASSIGN_OR_RETURN(auto mirror, MirrorHead(fetch, key));
  const auto& [note, head] = mirror;
  FollowResult result;
  result.origin = head.origin;
  result.mirror_size = head.size;
  ASSIGN_OR_RETURN(std::optional<Recorded> last, LastRecorded(province, head.origin, key));
  if (last) {
    result.recorded_size = last->head.size;
    if (head.size < last->head.size) {
      result.outcome = FollowOutcome::kMirrorBehind;
      return result;
    }
    ASSIGN_OR_RETURN(Extension extension, CheckExtends(fetch, head.size, last->head, head));
    if (extension == Extension::kForked) {
      result.outcome = FollowOutcome::kForked;
      result.evidence = Evidence(last->note, note);
      return result;
    }
    if (head.size == last->head.size) {
      result.outcome = FollowOutcome::kUnchanged;
      return result;
    }
  }
  v1::AppendRequest request;
  request.set_stream(CommuneStream(head.origin));
  if (last) {
    request.set_expect_version(last->version);
  } else {
    request.set_expect_no_stream(true);
  }
  v1::NewEvent* event = request.add_events();
  event->set_event_id(HeadEventId(note));
  event->set_event_type(std::string(kCommuneHeadEvent));
  event->mutable_business_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  event->set_payload(note);
  v1::AppendResponse appended;
  RETURN_IF_ERROR(
      StatusFromGrpc(province.events->Append(province.context().get(), request, &appended),
                     ProvinceProblem("recording the head")));
  result.outcome = FollowOutcome::kRecorded;
  result.position = appended.first_position();
  return result;
}

absl::StatusOr<ProvinceProof> ProveHeadInProvince(absl::string_view commune_head,
                                                  const storage::note::Verifier& commune_key,
                                                  const storage::note::Verifier& province_key,
                                                  const ProvinceLog& province,
                                                  const ProvinceProofOptions& options) {
  ProvinceProof proof;
  absl::StatusOr<Checkpoint> head = storage::OpenCheckpoint(commune_head, commune_key);
  if (!head.ok()) {
    return absl::Status(head.status().code(),
                        absl::StrCat("the commune's head: ", head.status().message()));
  }
  proof.lines.push_back(Say(absl::StrCat("đầu sổ của xã ", head->origin, ": ", head->size,
                                         " sự kiện, chữ ký của xã hợp lệ"),
                            absl::StrCat("the commune's head ", head->origin, ": ", head->size,
                                         " events, the commune's signature holds")));

  // The province's head: the newest one the required witness cosigned, or
  // the newest.
  v1::GetCheckpointRequest head_request;
  if (options.require_cosigner) head_request.set_cosigned_by(options.require_cosigner->name());
  v1::SignedCheckpoint signed_province;
  RETURN_IF_ERROR(StatusFromGrpc(
      province.audit->GetCheckpoint(province.context().get(), head_request, &signed_province),
      ProvinceProblem("asking its head")));
  absl::StatusOr<Checkpoint> province_head =
      storage::OpenCheckpoint(signed_province.signed_note(), province_key);
  if (!province_head.ok()) {
    return absl::Status(
        province_head.status().code(),
        absl::StrCat("the province log's head: ", province_head.status().message()));
  }
  std::string witnessed;
  if (options.require_cosigner) {
    std::vector<storage::note::Verifier> known = {province_key, *options.require_cosigner};
    absl::StatusOr<storage::note::Note> opened =
        storage::note::Open(signed_province.signed_note(), known);
    bool cosigned = false;
    if (opened.ok()) {
      for (const auto& signature : opened->verified) {
        cosigned |= signature.name == options.require_cosigner->name() &&
                    signature.key_id == options.require_cosigner->key_id();
      }
    }
    if (!cosigned) {
      proof.lines.push_back(Say(absl::StrCat("đầu sổ tỉnh không có chữ ký xác nhận hợp lệ của ",
                                             options.require_cosigner->name()),
                                absl::StrCat("the province's head carries no valid cosignature by ",
                                             options.require_cosigner->name())));
      return proof;
    }
    witnessed = absl::StrCat(Say(", được ", ", cosigned by "), options.require_cosigner->name(),
                             Say(" đồng ký", ""));
  }
  proof.province_size = province_head->size;
  proof.province_head = signed_province.signed_note();
  proof.lines.push_back(
      Say(absl::StrCat("đầu sổ tỉnh ", province_head->origin, ": ", province_head->size,
                       " sự kiện, chữ ký của tỉnh hợp lệ", witnessed),
          absl::StrCat("the province's head ", province_head->origin, ": ", province_head->size,
                       " events, its signature holds", witnessed)));

  // The first head the province recorded for this commune at or past its
  // size, within the province's signed head. The follower records each head
  // only once it extends the previous one, so sizes grow along the stream.
  std::optional<Recorded> found, below;  // below: the newest one smaller than the head
  v1::ReadStreamRequest read;
  read.set_stream(CommuneStream(head->origin));
  read.set_limit(1000);
  for (bool more = true; more && !found;) {
    v1::ReadEventsResponse page;
    const grpc::Status status = province.events->ReadStream(province.context().get(), read, &page);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) break;
    RETURN_IF_ERROR(StatusFromGrpc(status, ProvinceProblem("reading")));
    for (const v1::Event& event : page.events()) {
      if (event.record().position() >= province_head->size) {
        more = false;
        break;
      }
      ASSIGN_OR_RETURN(Recorded recorded, OpenRecorded(event, commune_key));
      if (recorded.head.size >= head->size) {
        found = std::move(recorded);
        break;
      }
      below = std::move(recorded);
    }
    more = more && page.has_next();
    if (more) read.set_from_version(page.next());
  }
  if (!found) {
    const uint64_t newest = below ? below->head.size : 0;
    proof.lines.push_back(Say(
        absl::StrCat(
            "đầu sổ tỉnh chưa chứa đầu sổ này của xã (đầu sổ mới nhất tỉnh đã ghi cho xã có ",
            newest, " sự kiện); hãy thử lại sau vòng theo dõi tiếp theo của tỉnh"),
        absl::StrCat("the province's head does not hold this head yet (the newest it recorded for "
                     "the commune has ",
                     newest, " events); try again after the province's next round")));
    // Your head must still extend what the province recorded: a commune
    // that forked since is caught now, not at the next round.
    if (below && options.commune_mirror) {
      ASSIGN_OR_RETURN(
          std::optional<Extension> extension,
          ExtendsPerMirror(options.commune_mirror, commune_key, below->head, *head, proof.lines));
      proof.forked = extension == Extension::kForked;
    }
    return proof;
  }
  proof.position = found->position;
  proof.lines.push_back(
      Say(absl::StrCat("tỉnh đã ghi đầu sổ của xã gồm ", found->head.size, " sự kiện ở vị trí ",
                       found->position, ", có chữ ký của xã"),
          absl::StrCat("the province recorded the commune's head of ", found->head.size,
                       " events at position ", found->position, ", signed by the commune")));
  if (found->head.size > head->size) {
    ASSIGN_OR_RETURN(
        std::optional<Extension> extension,
        ExtendsPerMirror(options.commune_mirror, commune_key, *head, found->head, proof.lines));
    if (!extension) return proof;
    proof.forked = *extension == Extension::kForked;
  } else if (found->head.root != head->root) {
    proof.forked = true;
    proof.lines.push_back(Say(
        absl::StrCat("XÃ CÓ HAI LỊCH SỬ: cùng ", head->size,
                     " sự kiện, gốc băm tỉnh đã ghi khác gốc băm đầu sổ của bạn, dù cả hai đều có "
                     "chữ ký của xã"),
        absl::StrCat("THE COMMUNE HAS TWO HISTORIES: at the same ", head->size,
                     " events, the root the province recorded is not your head's, though the "
                     "commune signed both")));
  } else {
    proof.lines.push_back(Say("trùng gốc băm với đầu sổ của bạn", "its root hash is your head's"));
  }
  if (proof.forked) return proof;

  // That entry is in the province's signed tree.
  v1::GetInclusionProofRequest inclusion_request;
  inclusion_request.set_position(found->position);
  inclusion_request.set_tree_size(province_head->size);
  v1::InclusionProof inclusion;
  RETURN_IF_ERROR(StatusFromGrpc(
      province.audit->GetInclusionProof(province.context().get(), inclusion_request, &inclusion),
      ProvinceProblem("asking an inclusion proof")));
  ASSIGN_OR_RETURN(std::vector<merkle::Hash> path, ProofHashes(inclusion.hashes()));
  const std::string& raw = inclusion.event().raw_record();
  v1::EventRecord record;
  const bool same_entry = record.ParseFromString(raw) && record.position() == found->position &&
                          record.payload() == found->note &&
                          record.stream() == CommuneStream(head->origin);
  const absl::Status included = merkle::VerifyInclusion(
      merkle::HashLeaf(raw), found->position, province_head->size, path, province_head->root);
  if (!same_entry || !included.ok()) {
    proof.lines.push_back(Say(
        absl::StrCat("vị trí ", found->position, " KHÔNG được chứng minh nằm trong đầu sổ tỉnh",
                     same_entry ? absl::StrCat(": ", included.message()) : ""),
        absl::StrCat("position ", found->position, " is NOT proven to be in the province's head",
                     same_entry ? absl::StrCat(": ", included.message()) : "")));
    return proof;
  }
  proof.lines.push_back(Say(
      absl::StrCat("vị trí ", found->position, " nằm trong đầu sổ tỉnh (", path.size(),
                   " băm chứng minh bao hàm)"),
      absl::StrCat("position ", found->position,
                   " is in the province's head (an inclusion proof of ", path.size(), " hashes)")));
  proof.proven = true;
  return proof;
}

}  // namespace minhbach::clients
