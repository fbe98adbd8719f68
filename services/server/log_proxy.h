// The front door of a server that hosts many logs: every call not answered
// by the front itself (health) is relayed, bytes untouched, to the services
// of the log its "minhbach-log" metadata names, through that log's
// in-process channel. The relay is one bidirectional stream whatever the
// method's kind: unary, server and client streams are special cases of it on
// the wire. Flow control holds end to end (one message in flight each way),
// so a reader that stops reading stops the log's reactor too, as it would
// stop it without the relay. Cancellation and deadlines pass through;
// metadata other than gRPC's own passes through (the bearer token reaches
// the log's own authentication).
#ifndef MINHBACH_SERVICES_SERVER_LOG_PROXY_H_
#define MINHBACH_SERVICES_SERVER_LOG_PROXY_H_

#include <grpcpp/channel.h>
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/generic/generic_stub.h>

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace minhbach::services {

// The metadata key that names the log a call is for.
inline constexpr char kLogMetadataKey[] = "minhbach-log";

class LogProxyService final : public grpc::CallbackGenericService {
 public:
  // `route` gives the channel of the named log ("" when the call names none);
  // its error status is what the caller gets (NotFound for an unknown log,
  // InvalidArgument when a name is needed, FailedPrecondition for a log that did
  // not open).
  using Route =
      std::function<absl::StatusOr<std::shared_ptr<grpc::Channel>>(absl::string_view log_name)>;
  explicit LogProxyService(Route route) : route_(std::move(route)) {}

  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override;

 private:
  Route route_;
};

}  // namespace minhbach::services

#endif  // MINHBACH_SERVICES_SERVER_LOG_PROXY_H_
