// The public posting list (niêm yết công khai) of a review in a village, as
// Quyết định 24/2021/QĐ-TTg makes it public: each reviewed household's id,
// head's name and classification, during the posting window only (from the
// day the list is posted to the last day for complaints, both included).
// Before the posting and after the window: open = false and no entries.
#ifndef MINHBACH_SERVICES_PROGRAM_POSTING_LIST_H_
#define MINHBACH_SERVICES_PROGRAM_POSTING_LIST_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "minhbach/v1/household_service.pb.h"
#include "services/program/program_state.h"

namespace minhbach::program {

// What a household's head is called on the list; erased: its data key is
// destroyed (the list shows kErasedText).
struct HeadName {
  std::string name;
  bool erased = false;
};
using HeadNameOpener = std::function<absl::StatusOr<HeadName>(const domain::HouseholdState&)>;

// What every view shows where erased personal data was.
inline constexpr char kErasedText[] = "đã xoá";

// The list of `review_id` in `village_id` on `as_of_date` ("YYYY-MM-DD"),
// households in id order, each head's name from `open_head` (called only
// while the window is open). NotFound for a review that is not opened or a
// village it does not cover; InvalidArgument for a malformed date.
absl::StatusOr<v1::PostingList> BuildPostingList(const ProgramState& state,
                                                 absl::string_view review_id,
                                                 absl::string_view village_id,
                                                 absl::string_view as_of_date,
                                                 const HeadNameOpener& open_head);

}  // namespace minhbach::program

#endif  // MINHBACH_SERVICES_PROGRAM_POSTING_LIST_H_
