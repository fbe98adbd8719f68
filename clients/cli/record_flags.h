// The flags of the recording commands (plan, assignment, finance, report,
// supervision verbs): the fields of the event a command asks the server to
// write, and the command's identity (--request-id, --event-id). Values are
// read as text and checked by command_request.h, so that a bad amount or
// date is refused with a message that says what to type.
#ifndef MINHBACH_CLIENTS_CLI_RECORD_FLAGS_H_
#define MINHBACH_CLIENTS_CLI_RECORD_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"

ABSL_DECLARE_FLAG(std::string, request_id);
ABSL_DECLARE_FLAG(std::string, event_id);
ABSL_DECLARE_FLAG(std::string, business_date);
ABSL_DECLARE_FLAG(std::string, correlation_id);
ABSL_DECLARE_FLAG(std::string, causation_id);
ABSL_DECLARE_FLAG(std::string, id);
ABSL_DECLARE_FLAG(std::string, plan);
ABSL_DECLARE_FLAG(std::string, document_number);
ABSL_DECLARE_FLAG(std::string, issued_date);
ABSL_DECLARE_FLAG(std::string, issued_month);
ABSL_DECLARE_FLAG(std::string, signer_title);
ABSL_DECLARE_FLAG(std::string, signer_name);
ABSL_DECLARE_FLAG(std::string, measure);
ABSL_DECLARE_FLAG(std::string, target_unit);
ABSL_DECLARE_FLAG(std::string, horizon);
ABSL_DECLARE_FLAG(std::string, project);
ABSL_DECLARE_FLAG(std::string, beneficiaries);
ABSL_DECLARE_FLAG(std::string, issuer);
ABSL_DECLARE_FLAG(std::string, legal_basis);
ABSL_DECLARE_FLAG(std::string, title);
ABSL_DECLARE_FLAG(std::string, description);
ABSL_DECLARE_FLAG(std::string, direction);
ABSL_DECLARE_FLAG(std::string, value);
ABSL_DECLARE_FLAG(std::string, numerator);
ABSL_DECLARE_FLAG(std::string, denominator);
ABSL_DECLARE_FLAG(std::string, deadline);
ABSL_DECLARE_FLAG(std::string, reason);
ABSL_DECLARE_FLAG(std::string, funding_source);
ABSL_DECLARE_FLAG(std::string, lead);
ABSL_DECLARE_FLAG(std::string, coordinating);
ABSL_DECLARE_FLAG(std::string, due);
ABSL_DECLARE_FLAG(std::string, by);
ABSL_DECLARE_FLAG(std::string, text);
ABSL_DECLARE_FLAG(std::string, quantity);
ABSL_DECLARE_FLAG(std::string, evidence);
ABSL_DECLARE_FLAG(std::string, summary);
ABSL_DECLARE_FLAG(std::string, source);
ABSL_DECLARE_FLAG(std::string, fiscal_year);
ABSL_DECLARE_FLAG(std::string, amount);
ABSL_DECLARE_FLAG(std::string, decision);
ABSL_DECLARE_FLAG(std::string, allocation);
ABSL_DECLARE_FLAG(std::string, date_paid);
ABSL_DECLARE_FLAG(std::string, voucher);
ABSL_DECLARE_FLAG(std::string, village);
ABSL_DECLARE_FLAG(std::string, values);
ABSL_DECLARE_FLAG(std::string, partial);
ABSL_DECLARE_FLAG(std::string, body);
ABSL_DECLARE_FLAG(std::string, scope);
ABSL_DECLARE_FLAG(std::string, date);
ABSL_DECLARE_FLAG(std::string, participants);
ABSL_DECLARE_FLAG(std::string, finding);
ABSL_DECLARE_FLAG(std::string, subject);
ABSL_DECLARE_FLAG(std::string, severity);
ABSL_DECLARE_FLAG(std::string, recommendation);
ABSL_DECLARE_FLAG(std::string, unit);
ABSL_DECLARE_FLAG(std::string, note);

#endif  // MINHBACH_CLIENTS_CLI_RECORD_FLAGS_H_
