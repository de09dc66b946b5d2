#!/usr/bin/env python3
"""The local stack's Alertmanager receiver: every webhook notification POSTed to it is appended,
with the path it came to (the receiver: /pager, /security, …) and the time, as one JSON line to
the file given. Standard library only.

    scripts/alert-sink.py 127.0.0.1:PORT STACK_DIR/alerts/notifications.jsonl"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1 << 20
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_BODY:
            self.send_error(413 if length > MAX_BODY else 400)
            return
        try:
            payload = json.loads(self.rfile.read(length))
        except ValueError:
            self.send_error(400, "not JSON")
            return
        line = json.dumps({"received_at": time.time(), "path": self.path, "notification": payload}, sort_keys=True)
        with lock, open(self.server.output, "a") as handle:
            handle.write(line + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.send_response(200 if self.path == "/health" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_):
        pass


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    server = ThreadingHTTPServer((host, int(port)), Handler)
    server.output = sys.argv[2]
    server.serve_forever()


if __name__ == "__main__":
    main()
