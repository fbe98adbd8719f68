#include "tests/bench/redis_load.h"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <poll.h>

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/uuid.h"
#include "tests/bench/latency_log.h"

namespace minhbach::bench {
namespace {

struct Client {
  redisAsyncContext* context = nullptr;  // freed by hiredis on disconnect
  std::string stream;
  absl::Time issued;
  bool want_read = false;  // set by hiredis through the event hooks below
  bool want_write = false;
  bool waiting = false;
  bool broken = false;
  const std::string* payload = nullptr;
  LatencyLog* log = nullptr;
};

// hiredis's event-library hooks: poll() below reads these flags.
void AddRead(void* data) { static_cast<Client*>(data)->want_read = true; }
void DelRead(void* data) { static_cast<Client*>(data)->want_read = false; }
void AddWrite(void* data) { static_cast<Client*>(data)->want_write = true; }
void DelWrite(void* data) { static_cast<Client*>(data)->want_write = false; }
void Cleanup(void* data) {
  auto* client = static_cast<Client*>(data);
  client->want_read = client->want_write = false;
  client->broken = true;
  client->context = nullptr;
}

void Send(Client& client);

void OnReply(redisAsyncContext*, void* reply_data, void* data) {
  auto* client = static_cast<Client*>(data);
  auto* reply = static_cast<redisReply*>(reply_data);
  client->waiting = false;
  client->log->Record(client->issued, reply != nullptr && reply->type == REDIS_REPLY_STRING);
  if (client->log->Running() && !client->broken) Send(*client);
}

void Send(Client& client) {
  const std::string id = storage::FormatUuid(storage::NewRandomUuid());
  client.issued = absl::Now();
  client.waiting = redisAsyncCommand(client.context, OnReply, &client, "XADD %s * id %s payload %b",
                                     client.stream.c_str(), id.c_str(), client.payload->data(),
                                     client.payload->size()) == REDIS_OK;
}

absl::Status Connect(int port, Client& client) {
  client.context = redisAsyncConnect("127.0.0.1", port);
  if (client.context == nullptr || client.context->err != 0) {
    return absl::UnavailableError(
        absl::StrCat("redis: cannot connect to 127.0.0.1:", port, ": ",
                     client.context != nullptr ? client.context->errstr : "out of memory"));
  }
  client.context->ev.data = &client;
  client.context->ev.addRead = AddRead;
  client.context->ev.delRead = DelRead;
  client.context->ev.addWrite = AddWrite;
  client.context->ev.delWrite = DelWrite;
  client.context->ev.cleanup = Cleanup;
  return absl::OkStatus();
}

}  // namespace

absl::Status RunRedisAppends(int port, int clients, absl::Duration duration,
                             const std::string& payload, int round, LatencyLog& log) {
  std::vector<std::unique_ptr<Client>> all;
  for (int i = 0; i < clients; ++i) {
    Client& client = *all.emplace_back(std::make_unique<Client>());
    client.stream = absl::StrCat("load-", round, "-", i);
    client.payload = &payload;
    client.log = &log;
    absl::Status connected = Connect(port, client);
    if (!connected.ok()) return connected;
  }
  log.Start(duration);
  for (auto& client : all) Send(*client);
  std::vector<pollfd> fds(clients);
  for (;;) {
    bool any = false;
    for (int i = 0; i < clients; ++i) {
      Client& client = *all[i];
      const bool active = client.waiting && !client.broken;
      any = any || active;
      fds[i].fd = active ? client.context->c.fd : -1;
      fds[i].events = (client.want_read ? POLLIN : 0) | (client.want_write ? POLLOUT : 0);
    }
    if (!any) break;
    if (poll(fds.data(), fds.size(), 1000) < 0) continue;
    for (int i = 0; i < clients; ++i) {
      Client& client = *all[i];
      if (fds[i].fd < 0) continue;
      if ((fds[i].revents & (POLLOUT | POLLERR)) && client.context != nullptr) {
        redisAsyncHandleWrite(client.context);
      }
      if ((fds[i].revents & (POLLIN | POLLERR | POLLHUP)) && client.context != nullptr) {
        redisAsyncHandleRead(client.context);
      }
    }
  }
  for (auto& client : all) {
    if (client->context != nullptr) redisAsyncFree(client->context);
  }
  log.Stop();
  return absl::OkStatus();
}

}  // namespace minhbach::bench
