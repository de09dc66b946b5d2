"""`make backup` / `make restore` (scripts/backup.py) against the test stack's real PostgreSQL and
artifact store: a backup restored into a fresh database and folder has every table's rows and
every artifact's bytes; a tampered backup or an occupied target is refused before anything is
written."""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import uuid

from demo_mod import demo_jar
from realtime_client import account, wait_completed
from test_conversion_api import _upload

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _tool(stack, *arguments):
    return subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "backup.py")] + list(arguments),
                          env=dict(os.environ, STACK_DIR=stack["STACK_DIR"]), capture_output=True, text=True, timeout=600)


def _psql(stack, database, query):
    result = subprocess.run([os.path.join(stack["PG_BIN"], "psql"), "-h", "127.0.0.1", "-p", stack["PG_PORT"], "-U", stack["PG_OWNER_USER"],
                             "-d", database, "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
                            env={"PGPASSWORD": stack["PG_OWNER_PASSWORD"], "PATH": os.environ.get("PATH", "")}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def _sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def test_a_backup_restores_into_a_fresh_database_with_every_row_and_artifact(client, stack):
    user, token = account(client)
    status, accepted = _upload(client, token, demo_jar())
    assert status == 202, accepted
    wait_completed(client, token, accepted["id"])

    folder = tempfile.mkdtemp(prefix="backup-test-")
    backup = os.path.join(folder, "backup")
    made = _tool(stack, "backup", "--out", backup)
    assert made.returncode == 0, made.stderr
    with open(os.path.join(backup, "manifest.json")) as handle:
        manifest = json.load(handle)
    assert manifest["row_counts"]["public.users"] >= 1 and manifest["row_counts"]["public.conversions"] >= 1, manifest["row_counts"]
    assert oct(os.stat(backup).st_mode & 0o777) == "0o700"
    # Our conversion's upload is in the backup with the checksum of the bytes on disk.
    uploads = [path for path in manifest["artifacts"] if path.startswith("uploads/")]
    assert uploads and all(not path.startswith("tmp/") for path in manifest["artifacts"])
    for path in uploads[:20]:
        original = os.path.join(stack["ARTIFACT_DIR"], path)
        if os.path.exists(original):  # housekeeping may have removed an old one since
            assert _sha256(original) == manifest["artifacts"][path]["sha256"]

    database = "restore_%s" % uuid.uuid4().hex[:10]
    target = os.path.join(folder, "artifacts")
    try:
        restored = _tool(stack, "restore", backup, "--database", database, "--artifacts", target)
        assert restored.returncode == 0, restored.stderr
        # Independently of the tool: every table's count, our user, every file's bytes.
        for table, count in manifest["row_counts"].items():
            assert int(_psql(stack, database, "SELECT count(*) FROM %s" % table)[0][0]) == count, table
        assert _psql(stack, database, "SELECT email FROM users WHERE id = '%s'" % user)
        assert _psql(stack, database, "SELECT status FROM conversions WHERE id = '%s'" % accepted["id"]) == [["completed"]]
        # The restored database keeps the schema's security: the services' roles, no bypass.
        assert _psql(stack, database, "SELECT relrowsecurity FROM pg_class WHERE relname = 'conversions'") == [["t"]]
        for path, entry in manifest["artifacts"].items():
            assert _sha256(os.path.join(target, path)) == entry["sha256"], path

        # An occupied target is refused: the same database again, without --replace.
        again = _tool(stack, "restore", backup, "--database", database, "--artifacts", os.path.join(folder, "other"))
        assert again.returncode == 1 and "exists" in again.stderr, again.stderr
    finally:
        _psql(stack, "postgres", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % database)

    # A backup whose archive changed after it was made is refused before anything is created.
    with open(os.path.join(backup, "artifacts.tar"), "r+b") as handle:
        handle.seek(600)
        byte = handle.read(1)
        handle.seek(600)
        handle.write(bytes([byte[0] ^ 0xFF]))
    tampered = "restore_%s" % uuid.uuid4().hex[:10]
    refused = _tool(stack, "restore", backup, "--database", tampered, "--artifacts", os.path.join(folder, "tampered"))
    assert refused.returncode == 1 and "does not match the manifest" in refused.stderr, refused.stderr
    assert not _psql(stack, "postgres", "SELECT 1 FROM pg_database WHERE datname = '%s'" % tampered)
    assert not os.path.exists(os.path.join(folder, "tampered"))
