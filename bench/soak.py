#!/usr/bin/env python3
"""Soak test: mixed traffic against a real OpenLoop node for a while, sampling its memory and threads.

    python3 bench/soak.py                      # 30 minutes, SQLite, after ./openloop build
    python3 bench/soak.py --minutes 2          # a short run of the harness
    python3 bench/soak.py --database-url jdbc:postgresql://127.0.0.1:5432/soak?user=postgres

It starts the node built by ./openloop build (openloop-server/target/openloop-server.jar) on a free
loopback port with a fresh data directory, sends mixed traffic from --workers threads for --minutes
(whole and streamed chats with the mock provider, streams cut by the client, feedback, log
listings, bad inputs, and half-open connections that send part of a request and stall), and
samples the node's RSS, thread count and open descriptors every --sample-seconds from /proc.
It writes bench/results/soak-<time>/samples.csv and summary.md and prints the summary. The node
and its data directory are removed at the end. Loopback only; every loop is bounded in time.
Python 3 standard library only.
"""
import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime, timezone

API_KEY = "soak-key-0123456789"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def java_home():
    return subprocess.run([os.path.join(ROOT, "openloop"), "java-home"], check=True, capture_output=True,
                          text=True).stdout.strip()


class Node:
    def __init__(self, args):
        self.port = free_port()
        self.data_dir = tempfile.mkdtemp(prefix="openloop-soak-")
        env = dict(os.environ, OPENLOOP_PORT=str(self.port), OPENLOOP_DATA_DIR=self.data_dir,
                   OPENLOOP_API_KEY=API_KEY, OPENLOOP_HEADER_TIMEOUT_MS=str(args.header_timeout_ms))
        if args.database_url:
            env["OPENLOOP_DATABASE_URL"] = args.database_url
        jar = os.path.join(ROOT, "openloop-server", "target", "openloop-server.jar")
        if not os.path.exists(jar):
            sys.exit("soak: build the server first: ./openloop build")
        heap = ["-Xmx" + args.heap] if args.heap else []
        self.log = open(os.path.join(self.data_dir, "node.log"), "w")
        self.process = subprocess.Popen([os.path.join(java_home(), "bin", "java"), "--enable-native-access=ALL-UNNAMED",
                                         *heap, "-jar", jar], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if request(self.port, "GET", "/readyz")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                sys.exit("soak: the node exited: see " + self.log.name)
            time.sleep(0.5)
        sys.exit("soak: the node did not become ready")

    def sample(self):
        status = {}
        with open("/proc/%d/status" % self.process.pid) as f:
            for line in f:
                key, _, value = line.partition(":")
                status[key] = value.strip()
        fds = len(os.listdir("/proc/%d/fd" % self.process.pid))
        return int(status["VmRSS"].split()[0]) // 1024, int(status["Threads"]), fds

    def stop(self, keep_log_in):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.copy(self.log.name, os.path.join(keep_log_in, "node.log"))
        shutil.rmtree(self.data_dir, ignore_errors=True)


def request(port, method, path, body=None, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"X-API-KEY": API_KEY}
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = body if isinstance(body, (bytes, str)) else json.dumps(body)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def chat_body(stream, other=None, provider="mock"):
    config = {"provider": provider, "model": "mock-1"}
    if other:
        config["other"] = other
    return {"project": "soak", "stream": stream, "model_config": config,
            "messages": [{"role": "user", "content": "soak %d" % random.randrange(1_000_000)}]}


class Traffic:
    def __init__(self, port):
        self.port = port
        self.counts = Counter()
        self.lock = threading.Lock()
        self.log_ids = []
        self.project_id = None

    def count(self, what):
        with self.lock:
            self.counts[what] += 1

    def whole_chat(self):
        status, body = request(self.port, "POST", "/v4/chat", chat_body(False))
        self.count("chat %d" % status)
        if status == 200:
            answer = json.loads(body)
            with self.lock:
                self.project_id = answer.get("project_id", self.project_id)
                self.log_ids.append(answer["data"][0]["id"])
                del self.log_ids[:-1000]

    def streamed_chat(self, cut):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("POST", "/v4/chat", body=json.dumps(chat_body(True, {"mock_delta_delay_ms": 5})),
                         headers={"X-API-KEY": API_KEY, "Content-Type": "application/json"})
            response = conn.getresponse()
            if cut:
                response.read(20)
                self.count("cut stream %d" % response.status)
                conn.sock.close()
            else:
                response.read()
                self.count("stream %d" % response.status)
        finally:
            conn.close()

    def feedback(self):
        with self.lock:
            log_id = random.choice(self.log_ids) if self.log_ids else None
        if log_id is None:
            return
        status, _ = request(self.port, "POST", "/v4/feedback", {"type": "rating", "value": "good", "data_id": log_id})
        self.count("feedback %d" % status)

    def listing(self):
        if self.project_id is None:
            return
        status, _ = request(self.port, "GET", "/v4/logs?project_id=%s&size=20" % self.project_id)
        self.count("list %d" % status)

    def bad_input(self):
        body = random.choice([b"{not json", b"[]", json.dumps({"messages": "x"}).encode(),
                              json.dumps(chat_body(False, provider="nope")).encode()])
        status, _ = request(self.port, "POST", "/v4/chat", body)
        self.count("bad input %d" % status)

    def half_open(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        s.sendall(b"POST /v4/chat HTTP/1.1\r\nHost: soak\r\nX-API")
        # The node closes it after its header timeout; this waits for that, bounded.
        try:
            s.recv(100)
            self.count("half-open closed by node")
        except OSError:
            self.count("half-open timed out")
        finally:
            s.close()

    def one(self):
        choice = random.random()
        if choice < 0.35:
            self.whole_chat()
        elif choice < 0.55:
            self.streamed_chat(cut=False)
        elif choice < 0.65:
            self.streamed_chat(cut=True)
        elif choice < 0.78:
            self.feedback()
        elif choice < 0.88:
            self.listing()
        elif choice < 0.98:
            self.bad_input()
        else:
            self.half_open()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--sample-seconds", type=float, default=10)
    parser.add_argument("--warmup-minutes", type=float, default=5, help="left out of the flatness figures")
    parser.add_argument("--database-url", help="a jdbc:postgresql: URL; SQLite in a temporary directory by default")
    parser.add_argument("--header-timeout-ms", type=int, default=2000, help="the node's OPENLOOP_HEADER_TIMEOUT_MS")
    parser.add_argument("--heap", help="the node's -Xmx, e.g. 512m; the JVM's default when unset")
    args = parser.parse_args()

    out = os.path.join(ROOT, "bench", "results", "soak-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"))
    os.makedirs(out, exist_ok=True)
    node = Node(args)
    traffic = Traffic(node.port)
    end = time.time() + args.minutes * 60
    errors = Counter()

    def worker():
        while time.time() < end:
            try:
                traffic.one()
            except Exception as e:  # noqa: BLE001 - every failure is counted, none stops the run
                errors[type(e).__name__] += 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.workers)]
    for t in threads:
        t.start()
    samples = []
    start = time.time()
    with open(os.path.join(out, "samples.csv"), "w") as csv:
        csv.write("seconds,rss_mib,threads,open_fds,requests\n")
        while time.time() < end:
            rss, nthreads, fds = node.sample()
            done = sum(traffic.counts.values())
            samples.append((round(time.time() - start), rss, nthreads, fds, done))
            csv.write("%d,%d,%d,%d,%d\n" % samples[-1])
            csv.flush()
            print("%5ds rss %5d MiB threads %4d fds %5d requests %8d" % samples[-1], flush=True)
            time.sleep(min(args.sample_seconds, max(0.0, end - time.time())) or 0.1)
    for t in threads:
        t.join(120)
    ready = request(node.port, "GET", "/readyz")[0]
    node.stop(out)

    after = [s for s in samples if s[0] >= args.warmup_minutes * 60] or samples
    first, last = after[0], after[-1]
    summary = [
        "# Soak: %g minutes, %d workers, %s" % (args.minutes, args.workers, args.database_url or "SQLite"),
        "",
        "| | RSS MiB | threads | open fds |",
        "|---|---|---|---|",
        "| first sample after warm-up (%d s) | %d | %d | %d |" % (first[0], first[1], first[2], first[3]),
        "| last sample (%d s) | %d | %d | %d |" % (last[0], last[1], last[2], last[3]),
        "| lowest after warm-up | %d | %d | %d |" % tuple(min(s[i] for s in after) for i in (1, 2, 3)),
        "| highest after warm-up | %d | %d | %d |" % tuple(max(s[i] for s in after) for i in (1, 2, 3)),
        "",
        "Requests: %d (%.0f/s). /readyz at the end: %d." % (sum(traffic.counts.values()),
                                                          sum(traffic.counts.values()) / (args.minutes * 60), ready),
        "",
        "| outcome | count |",
        "|---|---|",
    ] + ["| %s | %d |" % (k, v) for k, v in sorted(traffic.counts.items())] + [
        "| client error: %s | %d |" % (k, v) for k, v in sorted(errors.items())]
    text = "\n".join(summary) + "\n"
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write(text)
    print(text)
    print("soak: results in " + out)


if __name__ == "__main__":
    main()
