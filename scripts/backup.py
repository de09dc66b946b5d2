#!/usr/bin/env python3
"""Backups of a stack: the database (pg_dump, custom format) and the artifact store, with a
manifest of checksums; and their restore, verified against that manifest.

    scripts/backup.py backup  [--out FOLDER]                 (make backup)
    scripts/backup.py restore BACKUP [--database NAME] [--artifacts FOLDER] [--replace]
                                                             (make restore BACKUP=…)

The stack is read from STACK_DIR's stack.env (default .stack/dev). The dump and the row counts in
the manifest come from one snapshot: a REPEATABLE READ transaction exports it, pg_dump dumps it
(--snapshot) and the counts are read in it, so they agree even while the platform writes. The
artifact store is archived after the dump; a file the platform writes meanwhile may be in the
archive without its row (harmless: housekeeping removes unreferenced uploads), never the reverse
for a finished conversion, whose files are written before its row says completed.

Restore refuses a backup whose files do not match the manifest, restores into a database that
must not exist yet (unless --replace), unpacks the artifacts into an empty folder, then checks
every table's row count and every artifact's SHA-256 against the manifest; any difference is an
error (exit 1). Standard library only."""
import argparse
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile

from stack_env import read as read_stack_file

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SKIPPED_FOLDERS = {"tmp"}  # the artifact store's in-flight uploads


def fail(message):
    print("backup: " + message, file=sys.stderr)
    sys.exit(1)


def stack_env():
    folder = os.environ.get("STACK_DIR", os.path.join(ROOT, ".stack", "dev"))
    path = os.path.join(folder, "stack.env")
    if not os.path.exists(path):
        fail("no stack at %s (start one with make up, or set STACK_DIR)" % folder)
    return read_stack_file(path)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def artifact_files(folder):
    """Relative path → (sha256, size) of every kept artifact (in-flight uploads excluded)."""
    found = {}
    for current, folders, names in os.walk(folder):
        if current == folder:
            folders[:] = [name for name in folders if name not in SKIPPED_FOLDERS]
        for name in names:
            path = os.path.join(current, name)
            if os.path.isfile(path) and not os.path.islink(path):
                found[os.path.relpath(path, folder)] = (sha256(path), os.path.getsize(path))
    return found


class Postgres:
    """psql and friends as the database owner over TCP (the owner's password from stack.env)."""

    def __init__(self, env, database=None):
        self.env = env
        self.bin = env["PG_BIN"]
        self.database = database or env["DB_NAME"]
        self.process_env = dict(os.environ, PGPASSWORD=env["PG_OWNER_PASSWORD"], PGHOST="127.0.0.1", PGPORT=env["PG_PORT"],
                                PGUSER=env["PG_OWNER_USER"])

    def run(self, tool, *arguments, database=None, stdin=None):
        command = [os.path.join(self.bin, tool)] + list(arguments)
        if database is not False:
            command += ["-d", database or self.database]
        result = subprocess.run(command, env=self.process_env, input=stdin, capture_output=True, text=True)
        if result.returncode != 0:
            fail("%s failed: %s" % (tool, result.stderr.strip()[-2000:]))
        return result.stdout

    def query(self, sql, database=None):
        return [line.split("\t") for line in self.run("psql", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql, database=database).splitlines() if line]

    def tables(self, database=None):
        rows = self.query("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
                          "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", database)
        return [row[0] for row in rows]

    def counts(self, tables, database=None):
        if not tables:
            return {}
        sql = " UNION ALL ".join("SELECT '%s', count(*) FROM %s" % (table.replace("'", "''"), table) for table in tables)
        return {name: int(count) for name, count in self.query(sql, database)}


def backup(arguments):
    env = stack_env()
    postgres = Postgres(env)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = os.path.abspath(arguments.out or os.path.join(env["STACK_DIR"], "backups", stamp))
    if os.path.exists(out) and os.listdir(out):
        fail("%s exists and is not empty" % out)
    os.makedirs(out, exist_ok=True)
    os.chmod(out, 0o700)  # the dump holds password hashes and sealed secrets

    # One snapshot for the dump and the counts: a session holds it open while pg_dump runs.
    session = subprocess.Popen([os.path.join(postgres.bin, "psql"), "-At", "-F", "\t", "-q", "-v", "ON_ERROR_STOP=1", "-d", postgres.database],
                               env=postgres.process_env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)

    def ask(sql):
        session.stdin.write(sql + "\n\\echo __END__\n")
        session.stdin.flush()
        lines = []
        while True:
            line = session.stdout.readline()
            if not line:
                fail("the snapshot session ended: " + session.stderr.read().strip())
            line = line.rstrip("\n")
            if line == "__END__":
                return lines
            lines.append(line)

    ask("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;")
    snapshot = ask("SELECT pg_export_snapshot();")[0]
    dump = os.path.join(out, "database.dump")
    postgres.run("pg_dump", "--format=custom", "--snapshot=" + snapshot, "--file=" + dump)
    tables = postgres.tables()
    counts = {}
    if tables:
        sql = " UNION ALL ".join("SELECT '%s', count(*) FROM %s" % (table.replace("'", "''"), table) for table in tables) + ";"
        counts = {name: int(count) for name, count in (line.split("\t") for line in ask(sql))}
    ask("COMMIT;")
    session.stdin.close()
    session.wait(timeout=30)

    archive = os.path.join(out, "artifacts.tar")
    store = env["ARTIFACT_DIR"]
    files = artifact_files(store) if os.path.isdir(store) else {}
    with tarfile.open(archive, "w") as tar:
        for relative in sorted(files):
            tar.add(os.path.join(store, relative), arcname=relative, recursive=False)
    manifest = {
        "format": 1,
        "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "database": postgres.database,
        "server_version": postgres.query("SHOW server_version")[0][0],
        "files": {"database.dump": sha256(dump), "artifacts.tar": sha256(archive)},
        "row_counts": counts,
        "artifacts": {path: {"sha256": digest, "size": size} for path, (digest, size) in sorted(files.items())},
    }
    with open(os.path.join(out, "manifest.json"), "w") as handle:
        json.dump(manifest, handle, indent=1, sort_keys=True)
    print("backup: %s (%d tables, %d rows, %d artifacts, %d bytes)" % (
        out, len(counts), sum(counts.values()), len(files), sum(size for _, size in files.values())))


def restore(arguments):
    env = stack_env()
    source = os.path.abspath(arguments.backup)
    try:
        with open(os.path.join(source, "manifest.json")) as handle:
            manifest = json.load(handle)
    except (OSError, ValueError) as error:
        fail("no readable manifest in %s: %s" % (source, error))
    if manifest.get("format") != 1:
        fail("unknown manifest format %r" % manifest.get("format"))
    for name, digest in manifest["files"].items():
        path = os.path.join(source, name)
        if not os.path.isfile(path) or sha256(path) != digest:
            fail("%s does not match the manifest (changed or missing): nothing restored" % name)

    database = arguments.database or manifest["database"]
    postgres = Postgres(env, database)
    exists = postgres.query("SELECT 1 FROM pg_database WHERE datname = '%s'" % database.replace("'", "''"), database="postgres")
    if exists and not arguments.replace:
        fail("database %s exists; name a new one with --database, or pass --replace" % database)
    target = os.path.abspath(arguments.artifacts or env["ARTIFACT_DIR"])
    if os.path.isdir(target) and os.listdir(target) and not arguments.replace:
        fail("%s is not empty; name a new folder with --artifacts, or pass --replace" % target)

    if exists:
        postgres.run("dropdb", "--force", database, database=False)
    postgres.run("createdb", "--template=template0", "--encoding=UTF8", database, database=False)
    postgres.run("pg_restore", "--exit-on-error", "--single-transaction", os.path.join(source, "database.dump"))

    if os.path.isdir(target) and arguments.replace:
        shutil.rmtree(target)
    os.makedirs(target, exist_ok=True)
    expected = manifest["artifacts"]
    with tarfile.open(os.path.join(source, "artifacts.tar")) as tar:
        members = tar.getmembers()
        for member in members:
            if not member.isfile() or member.name not in expected:
                fail("the archive holds %s, which the manifest does not list" % member.name)
            if os.path.isabs(member.name) or ".." in member.name.split("/"):
                fail("the archive names %s, outside its folder" % member.name)
        for member in members:
            member.mode = 0o644
            tar.extract(member, target, set_attrs=False)

    problems = []
    restored = postgres.counts(postgres.tables())
    for table, count in manifest["row_counts"].items():
        if restored.get(table) != count:
            problems.append("table %s: %s rows, the backup had %d" % (table, restored.get(table), count))
    for table in set(restored) - set(manifest["row_counts"]):
        problems.append("table %s is not in the backup" % table)
    found = artifact_files(target)
    for path, entry in expected.items():
        if path not in found:
            problems.append("artifact %s missing" % path)
        elif found[path][0] != entry["sha256"]:
            problems.append("artifact %s: checksum differs" % path)
    if problems:
        fail("restored with differences:\n  " + "\n  ".join(problems))
    print("restore: database %s (%d tables, %d rows) and %d artifacts in %s match the manifest" % (
        database, len(restored), sum(restored.values()), len(found), target))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    making = commands.add_parser("backup", help="dump the database and archive the artifact store")
    making.add_argument("--out", help="the backup folder (default STACK_DIR/backups/<UTC time>)")
    taking = commands.add_parser("restore", help="restore a backup and verify it against its manifest")
    taking.add_argument("backup", help="the backup folder")
    taking.add_argument("--database", help="the database to restore into (default: the backed-up one's name)")
    taking.add_argument("--artifacts", help="the folder to unpack the artifacts into (default: the stack's ARTIFACT_DIR)")
    taking.add_argument("--replace", action="store_true", help="drop an existing database and empty the folder first")
    arguments = parser.parse_args()
    backup(arguments) if arguments.command == "backup" else restore(arguments)


if __name__ == "__main__":
    main()
