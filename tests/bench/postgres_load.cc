#include "tests/bench/postgres_load.h"

#include <libpq-fe.h>
#include <poll.h>

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/uuid.h"
#include "tests/bench/latency_log.h"

namespace minhbach::bench {
namespace {

constexpr char kInsert[] =
    "INSERT INTO events (stream, version, event_id, event_type, payload) "
    "VALUES ($1, $2, $3, 'Benchmarked', $4)";

struct Client {
  PGconn* connection = nullptr;
  std::string stream;
  int64_t version = 0;
  absl::Time issued;
  bool ok = true;        // no error result for the statement in flight
  bool waiting = false;  // a statement is in flight

  ~Client() {
    if (connection != nullptr) PQfinish(connection);
  }
};

absl::Status Connect(const std::string& conninfo, Client& client) {
  client.connection = PQconnectdb(conninfo.c_str());
  if (PQstatus(client.connection) != CONNECTION_OK) {
    return absl::UnavailableError(
        absl::StrCat("postgres: cannot connect: ", PQerrorMessage(client.connection)));
  }
  PGresult* prepared = PQprepare(client.connection, "append", kInsert, 4, nullptr);
  const bool ok = PQresultStatus(prepared) == PGRES_COMMAND_OK;
  PQclear(prepared);
  if (!ok)
    return absl::UnavailableError(
        absl::StrCat("postgres: prepare: ", PQerrorMessage(client.connection)));
  PQsetnonblocking(client.connection, 1);
  return absl::OkStatus();
}

// Sends the client's next insert (autocommit: one transaction).
void Send(Client& client, const std::string& payload) {
  const std::string version = absl::StrCat(client.version);
  const std::string id = storage::FormatUuid(storage::NewRandomUuid());
  const char* values[4] = {client.stream.c_str(), version.c_str(), id.c_str(), payload.data()};
  const int lengths[4] = {0, 0, 0, static_cast<int>(payload.size())};
  const int formats[4] = {0, 0, 0, 1};  // the payload as binary bytea
  client.issued = absl::Now();
  client.ok = PQsendQueryPrepared(client.connection, "append", 4, values, lengths, formats, 0) == 1;
  client.waiting = client.ok;
  PQflush(client.connection);
}

// Reads what arrived; true when the statement in flight is finished.
bool Receive(Client& client) {
  if (PQconsumeInput(client.connection) == 0) {
    client.ok = false;
    return true;
  }
  while (PQisBusy(client.connection) == 0) {
    PGresult* result = PQgetResult(client.connection);
    if (result == nullptr) return true;
    if (PQresultStatus(result) != PGRES_COMMAND_OK) client.ok = false;
    PQclear(result);
  }
  return false;
}

}  // namespace

absl::Status RunPostgresAppends(const std::string& conninfo, int clients, absl::Duration duration,
                                const std::string& payload, int round, LatencyLog& log) {
  std::vector<std::unique_ptr<Client>> all;
  for (int i = 0; i < clients; ++i) {
    Client& client = *all.emplace_back(std::make_unique<Client>());
    client.stream = absl::StrCat("ext/load-", round, "-", i);
    absl::Status connected = Connect(conninfo, client);
    if (!connected.ok()) return connected;
  }
  log.Start(duration);
  int in_flight = 0;
  for (auto& client : all) {
    Send(*client, payload);
    if (client->waiting) ++in_flight;
  }
  std::vector<pollfd> fds(clients);
  while (in_flight > 0) {
    for (int i = 0; i < clients; ++i) {
      fds[i].fd = all[i]->waiting ? PQsocket(all[i]->connection) : -1;
      fds[i].events = POLLIN;
      if (all[i]->waiting && PQflush(all[i]->connection) == 1) fds[i].events |= POLLOUT;
    }
    if (poll(fds.data(), fds.size(), 1000) < 0) continue;
    for (int i = 0; i < clients; ++i) {
      Client& client = *all[i];
      if (!client.waiting || fds[i].revents == 0) continue;
      if (!Receive(client)) continue;
      client.waiting = false;
      log.Record(client.issued, client.ok);
      if (client.ok) ++client.version;
      if (log.Running()) Send(client, payload);
      if (!client.waiting) --in_flight;  // finished, or the connection failed
    }
  }
  log.Stop();
  return absl::OkStatus();
}

}  // namespace minhbach::bench
