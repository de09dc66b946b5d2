"""Tracing across the platform: a stack of its own exports spans over OTLP/HTTP to a receiver this
test runs (decoding the official protobuf messages of the `opentelemetry-proto` package). One
request through nginx — `GET /api/v1/conversions/limits` — must yield one trace: the gateway's
server span (the root), its Redis span and its HTTP client span, whose `traceparent` the
conversion service continues with its server span and its PostgreSQL span; every parent link
resolves inside the trace, and the services' log lines for the request carry its trace id."""
import json
import os
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest, ExportTraceServiceResponse

from browser_support import ROOT
from conftest import read_stack_env

PASSWORD = "correct horse battery staple"
SERVER, CLIENT = 2, 3  # opentelemetry.proto.trace.v1.Span.SpanKind


class Receiver:
    """An OTLP/HTTP trace receiver on loopback: keeps every span with its service's name."""

    def __init__(self):
        self.spans = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                ok = self.path == "/v1/traces" and self.headers.get("Content-Type", "").startswith("application/x-protobuf")
                if ok:
                    request = ExportTraceServiceRequest()
                    request.ParseFromString(body)
                    with receiver.lock:
                        for resource_spans in request.resource_spans:
                            attributes = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
                            for scope in resource_spans.scope_spans:
                                for span in scope.spans:
                                    receiver.spans.append((attributes.get("service.name", "?"), span))
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200 if ok else 400)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def trace(self, trace_id):
        with self.lock:
            return [(service, span) for service, span in self.spans if span.trace_id == trace_id]


def test_one_request_through_nginx_is_one_trace_across_every_hop(stack):
    receiver = Receiver()
    folder = os.path.join(ROOT, ".stack", "tracing")
    environment = dict(os.environ, STACK_DIR=folder, STACK_PORT_OFFSET="6000", BIN_DIR=stack["BIN_DIR"], STACK_BCRYPT_COST="4",
                       STACK_PG_FSYNC="off", STACK_OTLP_ENDPOINT="http://127.0.0.1:%d" % receiver.port, STACK_OTLP_DELAY_MS="200")
    command = lambda *arguments: subprocess.run([os.path.join(ROOT, "scripts", "stack.sh")] + list(arguments), env=environment,
                                                capture_output=True, text=True, timeout=300)
    command("down")
    started = command("up")
    assert started.returncode == 0, started.stderr[-2000:]
    try:
        env = read_stack_env(folder)
        base = "http://127.0.0.1:%s" % env["NGINX_HTTP_PORT"]
        email = "trace-%s@example.com" % uuid.uuid4().hex[:10]
        token = requests.post(base + "/api/v1/auth/register", json={"email": email, "password": PASSWORD}, timeout=30).json()["access_token"]
        request_id = "trace-" + uuid.uuid4().hex
        answer = requests.get(base + "/api/v1/conversions/limits", headers={"Authorization": "Bearer " + token, "X-Request-ID": request_id}, timeout=30)
        assert answer.status_code == 200, answer.text

        # The gateway's server span for this request is the trace's root.
        def root():
            with receiver.lock:
                for service, span in receiver.spans:
                    attributes = {a.key: a.value for a in span.attributes}
                    if service == "gateway" and span.kind == SERVER and "limits" in span.name + str(attributes):
                        return span
            return None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not root():
            time.sleep(0.2)
        top = root()
        assert top is not None, "no gateway span for the request: %s" % [(s, x.name) for s, x in receiver.spans][:20]
        assert top.parent_span_id == b"", "the edge request has no caller, so the gateway's span is the root"

        # Wait until the conversion service's spans of the same trace arrived too.
        def complete():
            spans = receiver.trace(top.trace_id)
            services = {service for service, _ in spans}
            names = [span.name for _, span in spans]
            return spans if {"gateway", "conversion"} <= services and any(n.startswith("postgres") for n in names) else None
        deadline = time.monotonic() + 30
        spans = None
        while time.monotonic() < deadline and not spans:
            spans = complete()
            time.sleep(0.2)
        spans = spans or receiver.trace(top.trace_id)
        described = [(service, span.name, span.kind, span.span_id.hex(), span.parent_span_id.hex()) for service, span in spans]
        by_id = {span.span_id: (service, span) for service, span in spans}

        gateway_client = [span for service, span in spans if service == "gateway" and span.kind == CLIENT and span.name.startswith("GET")]
        gateway_redis = [span for service, span in spans if service == "gateway" and span.kind == CLIENT and span.name.startswith("redis")]
        conversion_server = [span for service, span in spans if service == "conversion" and span.kind == SERVER]
        conversion_database = [span for service, span in spans if service == "conversion" and span.name.startswith("postgres")]
        assert gateway_client and gateway_redis and conversion_server and conversion_database, described

        def ancestors(span):
            chain = []
            while span.parent_span_id:
                parent = by_id.get(span.parent_span_id)
                assert parent, "span %s names a parent outside the trace: %s" % (span.name, described)
                span = parent[1]
                chain.append(span.span_id)
            return chain

        # Every parent link resolves inside the trace and leads back to the gateway's root span.
        for _, span in spans:
            if span.span_id != top.span_id:
                assert top.span_id in ancestors(span), (span.name, described)
        # The conversion service continued the gateway's HTTP call (its traceparent), through nginx.
        assert conversion_server[0].parent_span_id in {span.span_id for span in gateway_client}, described
        assert conversion_server[0].span_id in ancestors(conversion_database[0]), described
        assert top.span_id in ancestors(gateway_redis[0])

        # The request's log lines carry its trace id.
        trace_hex = top.trace_id.hex()
        logged = []
        for name in os.listdir(os.path.join(folder, "logs")):
            if name.startswith(("gateway-", "conversion-")):
                with open(os.path.join(folder, "logs", name)) as handle:
                    logged += [json.loads(line) for line in handle if request_id in line]
        assert logged, "no log line for the request"
        assert all(line.get("trace_id") == trace_hex and line.get("span_id") for line in logged), logged
    finally:
        command("down")
        receiver.server.shutdown()


def test_a_callers_traceparent_is_continued_and_every_log_line_of_the_request_names_it(stack, client):
    """On the shared test stack (no exporter configured: spans are made and dropped), a request that
    arrives with a `traceparent` keeps its trace id through nginx, the gateway and the conversion
    service, and each of their log lines for it carries that trace id and a span id."""
    trace_id = uuid.uuid4().hex
    parent = uuid.uuid4().hex[:16]
    email = "tp-%s@example.com" % uuid.uuid4().hex[:10]
    status, _, registered = client.call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD})
    assert status == 201, registered
    request_id = "tp-" + uuid.uuid4().hex
    answer = requests.get("http://127.0.0.1:%s/api/v1/conversions/limits" % stack["NGINX_HTTP_PORT"], timeout=30,
                          headers={"Authorization": "Bearer " + registered["access_token"], "X-Request-ID": request_id,
                                   "traceparent": "00-%s-%s-01" % (trace_id, parent)})
    assert answer.status_code == 200, answer.text

    def lines():
        found = []
        for name in os.listdir(os.path.join(stack["STACK_DIR"], "logs")):
            if name.startswith(("gateway-", "conversion-")):
                with open(os.path.join(stack["STACK_DIR"], "logs", name)) as handle:
                    found += [json.loads(line) for line in handle if request_id in line]
        return found
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and {line["service"] for line in lines()} != {"gateway", "conversion"}:
        time.sleep(0.1)
    logged = lines()
    assert {line["service"] for line in logged} == {"gateway", "conversion"}, logged
    for line in logged:
        assert line["trace_id"] == trace_id, line
        assert len(line["span_id"]) == 16 and line["span_id"] != parent, line
