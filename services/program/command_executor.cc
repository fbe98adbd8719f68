#include "services/program/command_executor.h"

#include "services/domain/budget.h"
#include "services/domain/dates.h"
#include "storage/uuid.h"

namespace minhbach::program {
namespace {

constexpr size_t kPage = 1000;

absl::Time DayStart(absl::CivilDay day) { return absl::FromCivil(day, absl::UTCTimeZone()); }

}  // namespace

absl::Status ForEachStreamEvent(
    const storage::EventLog& log, const std::string& stream,
    const std::function<absl::Status(const domain::DomainEvent&, uint64_t version)>& visit,
    std::optional<uint64_t> end_version, uint64_t from_version) {
  for (uint64_t from = from_version;;) {
    ASSIGN_OR_RETURN(std::vector<storage::StoredEvent> page,
                     log.ReadStream(stream, from, storage::ReadDirection::kForward, kPage));
    for (const storage::StoredEvent& stored : page) {
      const v1::EventRecord& r = stored.record;
      if (end_version.has_value() && r.stream_version() >= *end_version) return absl::OkStatus();
      RETURN_IF_ERROR(visit({r.event_id(), r.event_type(), r.payload()}, r.stream_version()));
    }
    if (page.size() < kPage) return absl::OkStatus();
    from = page.back().record.stream_version() + 1;
  }
}

namespace {

// A business date happened between the program's start and today (the
// commune's day of `now`): a fact is recorded once it has happened, and the
// views as of a date place it by this day.
absl::Status WithinTheProgram(absl::CivilDay day, absl::string_view field, absl::Time now) {
  const absl::CivilDay today = domain::CommuneDay(now);
  absl::CivilDay start;
  (void)absl::ParseCivilTime(domain::kProgramStartDate, &start);
  if (day > today) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " ", absl::FormatCivilTime(day), " is after today (", absl::FormatCivilTime(today),
        ", Vietnam time): a fact is recorded once it has happened; give the day it happened"));
  }
  if (day < start) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " ", absl::FormatCivilTime(day), " is before the program began (",
                     domain::kProgramStartDate, "); give the day it happened"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<absl::Time> BusinessTime(const v1::CommandMeta& meta, absl::string_view stated_date,
                                        absl::Time now) {
  absl::CivilDay day;
  if (!meta.business_date().empty()) {
    if (!domain::IsValidDate(meta.business_date()) ||
        !absl::ParseCivilTime(meta.business_date(), &day)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "meta.business_date must be a date YYYY-MM-DD, got \"", meta.business_date(), "\""));
    }
    RETURN_IF_ERROR(WithinTheProgram(day, "meta.business_date", now));
    return DayStart(day);
  }
  // A malformed stated date is the domain's to refuse, naming its field.
  if (domain::IsValidDate(stated_date) && absl::ParseCivilTime(stated_date, &day)) {
    RETURN_IF_ERROR(WithinTheProgram(day, "the date the command states", now));
    return DayStart(day);
  }
  return DayStart(domain::CommuneDay(now));
}

std::string BusinessDate(absl::Time business_time) {
  return absl::FormatTime("%Y-%m-%d", business_time, absl::UTCTimeZone());
}

absl::Status CommandExecutor::UsedForOtherContent(const v1::EventRecord& recorded) {
  return absl::AlreadyExistsError(absl::StrCat(
      "meta.event_id ", storage::FormatUuid(recorded.event_id()), " was already used at position ",
      recorded.position(), " for a ", recorded.event_type(), " event in ", recorded.stream(),
      " with other content; nothing was recorded for this request. Send new content with a new "
      "event id; retry the original only unchanged"));
}

absl::Status CommandExecutor::IdInUse(const absl::Status& refused,
                                      const v1::CommandMeta& meta) const {
  absl::StatusOr<storage::StoredEvent> earlier = log_->GetEventById(meta.event_id());
  return earlier.ok() ? UsedForOtherContent(earlier->record) : refused;
}

absl::StatusOr<v1::CommandResult> CommandExecutor::Append(
    const std::string& stream, const std::string& actor, const v1::CommandMeta& meta,
    absl::Time business_time, std::optional<uint64_t> version,
    std::vector<domain::DomainEvent> events) const {
  storage::AppendRequest request;
  request.stream = stream;
  request.expected =
      version ? storage::ExpectedVersion::Exact(*version) : storage::ExpectedVersion::NoStream();
  request.actor = actor;
  for (domain::DomainEvent& event : events) {
    storage::NewEvent& e = request.events.emplace_back();
    e.event_id = std::move(event.event_id);
    e.event_type = std::move(event.event_type);
    e.payload = std::move(event.payload);
    e.business_time = business_time;
    e.correlation_id = meta.correlation_id();
    e.causation_id = meta.causation_id();
  }
  absl::StatusOr<storage::AppendResult> appended = log_->Append(std::move(request));
  // The id is in the log under another stream or with other content: report
  // what it was used for rather than the log's bare refusal.
  if (absl::IsAlreadyExists(appended.status())) {
    absl::StatusOr<storage::StoredEvent> earlier = log_->GetEventById(meta.event_id());
    if (earlier.ok()) return UsedForOtherContent(earlier->record);
  }
  if (!appended.ok()) return appended.status();
  v1::CommandResult result;
  result.set_stream(stream);
  result.set_position(appended->first_position);
  result.set_stream_version(appended->first_version);
  result.set_duplicate(appended->duplicate);
  return result;
}

}  // namespace minhbach::program
