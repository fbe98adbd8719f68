#!/usr/bin/env python3
"""minhbachd's HTTP port against hostile clients, with python's own http.client
and sockets (clients this project did not write), on the real binary:

- slowloris: 60 connections sending headers a byte at a time do not lock out
  another client (nor the gRPC port);
- a gzip body is refused, not inflated;
- Content-Length with Transfer-Encoding is refused (no smuggled request);
- SIGTERM with live streams and slow clients in flight ends the process;
- the server's log never holds a token, a session id or a CSRF token, and
  says when a sign-in is refused.

Usage: web_hostile_test.py <minhbachd>
"""
import gzip
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def start(binary, work):
    site = os.path.join(work, "site")
    os.makedirs(site)
    with open(os.path.join(site, "index.html"), "w") as out:
        out.write('<!doctype html><meta charset="utf-8"><title>x</title>\n')
    log = open(os.path.join(work, "server.log"), "w+")
    server = subprocess.Popen(
        [binary, "--listen=127.0.0.1:0", "--metrics_listen=", "--http_listen=127.0.0.1:0",
         f"--web_root={site}", f"--data_dir={work}/data"], stderr=log)
    for _ in range(200):
        with open(log.name) as text:
            found = re.search(r'msg="minhbachd started".* port=(\d+) .*http_port=(\d+)',
                              text.read())
        if found:
            return server, log.name, int(found.group(1)), int(found.group(2))
        time.sleep(0.05)
    server.kill()
    fail("the server did not start")


def tokens(work):
    found = {}
    with open(os.path.join(work, "data", "client-tokens")) as text:
        for line in text:
            if line.strip() and not line.startswith("#"):
                role, token = line.split()
                found[role] = token
    return found


def raw(port, data, source="127.0.0.1", timeout=10):
    """Sends `data` from `source` and returns all the server answers."""
    sock = socket.socket()
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    sock.settimeout(timeout)
    sock.sendall(data)
    answer = b""
    try:
        while True:
            part = sock.recv(65536)
            if not part:
                break
            answer += part
    except (socket.timeout, ConnectionResetError):
        pass
    sock.close()
    return answer


class Slowloris:
    def __init__(self, port, count):
        self.socks = []
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            self.socks.append(sock)
        self.stopping = False
        self.thread = threading.Thread(target=self.drip)
        self.thread.start()

    def drip(self):
        while not self.stopping:
            for sock in self.socks:
                try:
                    sock.sendall(b"X")
                except OSError:
                    pass
            time.sleep(0.5)

    def stop(self):
        self.stopping = True
        self.thread.join()
        for sock in self.socks:
            sock.close()


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as work:
        server, log_path, grpc_port, port = start(binary, work)
        try:
            run(work, server, log_path, grpc_port, port)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
    print("web_hostile: passed")


def run(work, server, log_path, grpc_port, port):
    token = tokens(work)
    bearer = {"Authorization": "Bearer " + token["coordinator"],
              "Content-Type": "application/json"}

    # Slowloris from 127.0.0.1; another client (127.0.0.2) is still answered.
    slow = Slowloris(port, 60)
    time.sleep(0.5)
    answer = raw(port, b"GET /api/log-key HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                 source="127.0.0.2")
    grpc = socket.create_connection(("127.0.0.1", grpc_port), timeout=5)  # the gRPC port accepts
    grpc.close()
    slow.stop()
    if not answer.startswith(b"HTTP/1.1 200"):
        fail(f"60 slow clients locked another one out: {answer[:80]!r}")

    # A gzip body is refused before it is inflated.
    bomb = gzip.compress(b'{"entity":"' + b"x" * (40 << 20) + b'"}')
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/minhbach.v1.Timeline/GetTimeline", bomb,
                       {**bearer, "Content-Encoding": "gzip"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 415:
        fail(f"a gzip body answered {response.status}: {body[:200]!r}")

    # Content-Length with Transfer-Encoding: refused, the smuggled GET unanswered.
    answer = raw(port, (
        "POST /minhbach.v1.ProgramStatus/GetDashboard HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {token['coordinator']}\r\nContent-Type: application/json\r\n"
        "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        "GET /api/log-key HTTP/1.1\r\nHost: x\r\n\r\n").encode())
    if not answer.startswith(b"HTTP/1.1 400") or b"logVerifierKey" in answer:
        fail(f"Content-Length with Transfer-Encoding: {answer[:300]!r}")

    # Sign-ins: one refused, one accepted (its session id and CSRF token).
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    guess = "mbt_" + "g" * 43
    connection.request("POST", "/api/session", json.dumps({"token": guess}),
                       {"Content-Type": "application/json; charset=utf-8"})
    refused = connection.getresponse()
    refused.read()
    connection.request("POST", "/api/session", json.dumps({"token": token["supervisor"]}),
                       {"Content-Type": "application/json; charset=utf-8"})
    accepted = connection.getresponse()
    session = json.loads(accepted.read())
    cookie = accepted.getheader("Set-Cookie").split(";")[0]
    connection.close()
    if refused.status != 401 or accepted.status != 200:
        fail(f"sign-ins answered {refused.status} and {accepted.status}")

    # SIGTERM with live streams and slow clients in flight: the process ends.
    lives = []
    for _ in range(4):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(f"GET /api/live HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n\r\n".encode())
        lives.append(sock)
    slow = Slowloris(port, 4)
    time.sleep(0.5)
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        fail("minhbachd did not end on SIGTERM with live streams and slow clients in flight")
    finally:
        slow.stop()
        for sock in lives:
            sock.close()

    with open(log_path) as text:
        log = text.read()
    if "web sign-in refused" not in log:
        fail("a refused sign-in is not logged")
    secrets = list(token.values()) + [guess, cookie.split("=", 1)[1], session["csrfToken"]]
    for secret in secrets:
        if secret in log:
            fail("the server's log holds a secret (a token, session id or CSRF token)")


if __name__ == "__main__":
    main()
