"""The OpenAPI document against the running platform, through nginx, with schemathesis: generated
requests for every documented operation must never get a 5xx or an answer the document does not
describe (status, content type, body schema), and every operation must be seen succeeding (2xx)
at least once — for each, the first case is given the state a real client would have (a fresh
account, a live refresh token, a 2FA challenge, an admin...), the rest are generated."""
import io
import json
import mailbox
import os
import random
import re
import struct
import time
import urllib.parse
import zipfile
import zlib
import subprocess
import uuid
from collections import Counter, defaultdict

import pyotp
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from requests.adapters import HTTPAdapter
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, status_code_conformance

from model_files import write_linear

PASSWORD = "correct horse battery staple"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


class SourceAdapter(HTTPAdapter):
    """Connects from a loopback address of its own, so per-address limits never mix cases."""

    def __init__(self, source, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


# Hypothesis seeds the `random` module for each example; addresses come from the system instead.
_addresses = random.SystemRandom()


def session():
    http = requests.Session()
    http.mount("http://", SourceAdapter("127.%d.%d.%d" % (_addresses.randint(1, 254), _addresses.randint(0, 254), _addresses.randint(2, 254))))
    return http


class World:
    """The accounts and tokens the cases run with, and what each operation answered."""

    def __init__(self, stack, sql):
        self.base = "http://127.0.0.1:%s" % stack["NGINX_HTTP_PORT"]
        self.stack = stack
        self.statuses = defaultdict(Counter)
        self.main = self.user()
        admin = self.user()
        sql("UPDATE users SET roles = ARRAY['user','admin'] WHERE email = :'p1'", admin["email"])
        admin["access"] = self.call("POST", "/api/v1/auth/login", {"email": admin["email"], "password": PASSWORD})["access_token"]
        self.admin = admin
        # A finished conversion of the main user's, for the report and download operations.
        self.conversion = self.upload(self.main["access"])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.call("GET", "/api/v1/conversions/" + self.conversion, token=self.main["access"])["status"] == "completed":
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the fixture conversion did not complete")

    @staticmethod
    def jar():
        """A small mod: its metadata and one block with a blockstate, a model, a texture and a name."""
        buffer = io.BytesIO()
        png = (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 6, 0, 0, 0))
               + _png_chunk(b"IDAT", zlib.compress(b"".join(b"\x00" + b"\x80\x40\x20\xff" * 16 for _ in range(16))))
               + _png_chunk(b"IEND", b""))
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("fabric.mod.json", json.dumps({"schemaVersion": 1, "id": "contract", "version": "1.0.0", "name": "Contract"}))
            archive.writestr("assets/contract/blockstates/stone_brick.json", json.dumps({"variants": {"": {"model": "contract:block/stone_brick"}}}))
            archive.writestr("assets/contract/models/block/stone_brick.json",
                             json.dumps({"parent": "minecraft:block/cube_all", "textures": {"all": "contract:block/stone_brick"}}))
            archive.writestr("assets/contract/textures/block/stone_brick.png", png)
            archive.writestr("assets/contract/lang/en_us.json", json.dumps({"block.contract.stone_brick": "Stone Brick"}))
        return buffer.getvalue()

    def upload(self, token):
        response = session().post(self.base + "/api/v1/conversions", files={"file": ("contract.jar", self.jar(), "application/java-archive")},
                                  headers={"Authorization": "Bearer " + token}, timeout=60)
        assert response.status_code == 202, response.text
        return response.json()["id"]

    def call(self, method, path, body=None, token=None):
        headers = {"Authorization": "Bearer " + token} if token else {}
        response = session().request(method, self.base + path, json=body, headers=headers, timeout=30)
        assert response.status_code < 300, (method, path, response.status_code, response.text)
        return response.json() if response.content else None

    def mailed_token(self, address, subject_word, route):
        """The token in the newest mail to `address` (from the stack's SMTP sink)."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            for message in mailbox.Maildir(self.stack["MAIL_DIR"], create=False):
                if message["To"] == "<%s>" % address and subject_word in message["Subject"]:
                    match = re.search(r"/#/%s\?token=([A-Za-z0-9_-]+)" % route, message.get_payload(decode=True).decode())
                    if match:
                        return match.group(1)
            time.sleep(0.1)
        raise AssertionError("no mail for " + address)

    def user(self, two_factor=False):
        email = "st-%s@example.com" % uuid.uuid4().hex[:12]
        pair = self.call("POST", "/api/v1/auth/register", {"email": email, "password": PASSWORD})
        account = {"email": email, "id": pair["user"]["id"], "access": pair["access_token"], "refresh": pair["refresh_token"]}
        if two_factor:
            secret = self.call("POST", "/api/v1/auth/2fa/setup", token=account["access"])["secret"]
            codes = self.call("POST", "/api/v1/auth/2fa/enable", {"code": pyotp.TOTP(secret).now()}, token=account["access"])
            account["recovery"] = codes["recovery_codes"]
        return account

    def prepare(self, case, label):
        """The bearer token for the case, after giving the first case of each operation a real
        client's state (later cases keep their generated data)."""
        first = sum(count for status, count in self.statuses[label].items() if 200 <= status < 300) == 0
        token = self.main["access"]
        if label.startswith(("GET /api/v1/admin", "PATCH /api/v1/admin", "GET /api/v1/ai/models", "POST /api/v1/ai/models")):
            token = self.admin["access"]
        if label in ("POST /api/v1/auth/logout", "POST /api/v1/auth/logout-all"):
            return self.user()["access"]  # ends the session it names: never the shared one
        if not first:
            return token
        if label == "POST /api/v1/auth/register":
            case.body = {"email": "st-%s@example.com" % uuid.uuid4().hex[:12], "password": PASSWORD}
        elif label == "POST /api/v1/auth/login":
            case.body = {"email": self.user()["email"], "password": PASSWORD}
        elif label == "POST /api/v1/auth/login/2fa":
            account = self.user(two_factor=True)
            challenge = self.call("POST", "/api/v1/auth/login", {"email": account["email"], "password": PASSWORD})
            case.body = {"mfa_token": challenge["mfa_token"], "recovery_code": account["recovery"][0]}
        elif label == "POST /api/v1/auth/verify-email":
            account = self.user()
            case.body = {"token": self.mailed_token(account["email"], "Confirm", "verify-email")}
        elif label == "POST /api/v1/auth/password-reset/request":
            case.body = {"email": self.main["email"]}
        elif label == "POST /api/v1/auth/password-reset":
            account = self.user()
            self.call("POST", "/api/v1/auth/password-reset/request", {"email": account["email"]})
            case.body = {"token": self.mailed_token(account["email"], "Reset", "reset-password"), "password": "a fresh passphrase 42"}
        elif label == "POST /api/v1/auth/refresh":
            case.body = {"refresh_token": self.user()["refresh"]}
        elif label == "POST /api/v1/auth/2fa/enable":
            account = self.user()
            secret = self.call("POST", "/api/v1/auth/2fa/setup", token=account["access"])["secret"]
            case.body = {"code": pyotp.TOTP(secret).now()}
            return account["access"]
        elif label == "POST /api/v1/auth/2fa/disable":
            account = self.user(two_factor=True)
            case.body = {"recovery_code": account["recovery"][1]}
            return account["access"]
        elif label == "PATCH /api/v1/users/me":
            account = self.user()
            case.body = {"current_password": PASSWORD, "email": "st-%s@example.com" % uuid.uuid4().hex[:12]}
            return account["access"]
        elif label == "DELETE /api/v1/users/me":
            account = self.user()
            case.body = {"password": PASSWORD}
            return account["access"]
        elif label == "POST /api/v1/users/me/tokens":
            case.body = {"name": "contract test", "scopes": ["conversions:read"]}
        elif label == "DELETE /api/v1/users/me/tokens/{id}":
            created = self.call("POST", "/api/v1/users/me/tokens", {"name": "to revoke", "scopes": ["conversions:read"]}, token=token)
            case.path_parameters = {"id": created["id"]}
        elif label == "PATCH /api/v1/admin/users/{id}":
            case.path_parameters = {"id": self.main["id"]}
            case.body = {"roles": ["user"]}
        elif label.startswith("GET /api/v1/admin"):
            case.query = {}
        elif label == "POST /api/v1/conversions":
            case.body = {"file": self.jar()}
        elif label in ("GET /api/v1/conversions/{id}", "GET /api/v1/conversions/{id}/report", "GET /api/v1/conversions/{id}/download"):
            case.path_parameters = {"id": self.conversion}
            case.query = {}
            case.headers = {}
        elif label in ("POST /api/v1/conversions/{id}/download-link", "GET /api/v1/conversions/{id}/files",
                       "GET /api/v1/conversions/{id}/collaborators", "POST /api/v1/conversions/{id}/save"):
            case.path_parameters = {"id": self.conversion}
        elif label == "GET /api/v1/conversions/{id}/previews":
            case.path_parameters = {"id": self.conversion}
        elif label == "GET /api/v1/conversions/{id}/previews/{name}":
            listed = self.call("GET", "/api/v1/conversions/%s/previews" % self.conversion, token=token)
            case.path_parameters = {"id": self.conversion, "name": listed["items"][0]["java"] + ".png"}
        elif label == "GET /api/v1/conversions/{id}/files/{path}":
            tree = self.call("GET", "/api/v1/conversions/%s/files" % self.conversion, token=token)
            # Slashes go percent-encoded: the path is one segment (schemathesis sends it as given).
            case.path_parameters = {"id": self.conversion, "path": urllib.parse.quote(tree["files"][0]["path"], safe="")}
        elif label == "POST /api/v1/conversions/{id}/collaborators":
            case.path_parameters = {"id": self.conversion}
            case.body = {"email": self.user()["email"]}
        elif label == "DELETE /api/v1/conversions/{id}/collaborators/{user}":
            invited = self.call("POST", "/api/v1/conversions/%s/collaborators" % self.conversion, {"email": self.user()["email"]}, token=token)
            case.path_parameters = {"id": self.conversion, "user": invited["user_id"]}
        elif label == "GET /api/v1/downloads/{token}":
            link = self.call("POST", "/api/v1/conversions/%s/download-link" % self.conversion, token=self.main["access"])
            case.path_parameters = {"token": link["url"].rsplit("/", 1)[1]}
            case.headers = {}
        elif label == "DELETE /api/v1/conversions/{id}":
            case.path_parameters = {"id": self.upload(token)}
        elif label == "GET /api/v1/conversions":
            case.query = {}
        elif label == "POST /api/v1/ai/embeddings":
            case.body = {"texts": ["a furnace that smelts ore", "a sword with fire aspect"]}
        elif label == "POST /api/v1/ai/search":
            case.body = {"text": "smelting ore into ingots", "k": 3}
        elif label == "GET /api/v1/ai/models/{name}":
            case.path_parameters = {"name": "all-minilm-l6-v2"}
        elif label == "POST /api/v1/ai/models/{name}/versions":
            name, version = self.model_folder()
            case.path_parameters = {"name": name}
            case.body = {"version": version, "format": "sklearn-linear", "location": "%s/%s" % (name, version)}
            case.media_type = "application/json"
        elif label in ("POST /api/v1/ai/models/{name}/versions/{version}/promote", "POST /api/v1/ai/models/{name}/versions/{version}/archive"):
            name, version = self.model_version(token)
            case.path_parameters = {"name": name, "version": version}
        elif label == "POST /api/v1/ai/models/{name}/rollback":
            name, first = self.model_version(token)
            _, second = self.model_version(token, name=name, version="1.1.0")
            for version in (first, second):
                self.call("POST", "/api/v1/ai/models/%s/versions/%s/promote" % (name, version), token=token)
            case.path_parameters = {"name": name}
        return token

    def model_folder(self, name=None, version="1.0.0"):
        """A linear model's files in the stack's models folder: (name, version)."""
        name = name or "contract-%s" % uuid.uuid4().hex[:10]
        write_linear(os.path.join(self.stack["STACK_DIR"], "models", name, version), ["block", "item"])
        return name, version

    def model_version(self, token, name=None, version="1.0.0"):
        """A registered (staged) version: (name, version)."""
        name, version = self.model_folder(name, version)
        self.call("POST", "/api/v1/ai/models/%s/versions" % name, {"version": version, "format": "sklearn-linear",
                                                                   "location": "%s/%s" % (name, version)}, token=token)
        return name, version


@pytest.fixture(scope="module")
def world(stack, sql):
    return World(stack, sql)


def _nginx_port():
    with open(os.path.join(os.environ["MODPORTER_TEST_STACK"], "stack.env")) as handle:
        return dict(line.rstrip("\n").split("=", 1) for line in handle if "=" in line)["NGINX_HTTP_PORT"]


# Loaded at collection: the document as the running gateway serves it.
schema = schemathesis.openapi.from_url("http://127.0.0.1:%s/api/v1/openapi.json" % _nginx_port(), wait_for_schema=30)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
def test_every_answer_matches_the_document(case, world):
    label = "%s %s" % (case.operation.method.upper(), case.operation.path)
    token = world.prepare(case, label)
    headers = {"Authorization": "Bearer " + token} if case.operation.definition.raw.get("security") != [] else {}
    response = case.call(base_url=world.base, session=session(), headers=headers, timeout=30)
    world.statuses[label][response.status_code] += 1
    case.validate_response(response, checks=CHECKS)


def test_every_operation_succeeded_at_least_once(world):
    operations = {"%s %s" % (method.upper(), path) for path, item in schema.raw_schema["paths"].items() for method in item}
    assert len(operations) >= 20
    # schemathesis never calls the operation that serves the document itself; it answered 200
    # when the schema was loaded from it above.
    operations.discard("GET /api/v1/openapi.json")
    missing = sorted(label for label in operations if not any(200 <= status < 300 for status in world.statuses[label]))
    assert missing == [], {label: dict(world.statuses[label]) for label in missing}
