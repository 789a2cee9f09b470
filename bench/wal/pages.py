"""Commits greet runs into a Stepwise SQLite database as the server writes them and counts WAL pages per commit.

Usage: pages.py DATABASE (made by `stepwise db upgrade`; bench/wal/pages.sh makes one). The database is written to.
"""
import json
import os
import random
import sqlite3
import sys
import uuid

PAGE_FRAME = 4096 + 24  # a WAL frame: its 24-byte header and one 4 KB page
PREFILL = 20_000
COMMITS = 300

TRIGGER = json.dumps({
    "type": "webhook", "path": "greet", "method": "POST",
    "headers": {"host": "127.0.0.1:8080", "content-type": "application/json", "content-length": "21"},
    "query": {}, "body": {"name": "Ada", "n": 21}, "raw_body": "{\"name\":\"Ada\",\"n\":21}",
}, separators=(",", ":"))
OUTPUT = "{\"doubled\":42,\"greeting\":\"hello Ada\"}"


class Runs:
    """Greet runs with time-ordered ids, as SortableIds and the audit trail make them."""

    def __init__(self):
        self.at = 1_796_630_098_441
        self.sequence = 0

    def sortable_id(self):
        self.sequence += 1
        return str(uuid.UUID(int=(self.at << 80) | (self.sequence << 16) | random.getrandbits(16)))

    def write(self, db):
        self.at += 1
        run = self.sortable_id()
        db.execute(
            "INSERT INTO executions (id, org_id, workflow, version, status, priority, params, output, created_at,"
            " started_at, finished_at, trigger_info) VALUES (?, 'default', 'greet', 1, 'succeeded', 5, ?, ?, ?, ?, ?, ?)",
            (run, "{\"name\":\"Ada\",\"n\":21}", OUTPUT, self.at, self.at, self.at, TRIGGER))
        db.execute(
            "INSERT INTO steps (execution_id, step_id, attempt, seq, node_id, status, input, output, started_at, finished_at)"
            " VALUES (?, 'shape', 1, 1, 'shape', 'succeeded', ?, ?, ?, ?)",
            (run, OUTPUT, OUTPUT, self.at, self.at))
        db.execute(
            "INSERT INTO audit_log (id, org_id, at, actor_type, action, resource_type, resource_id, outcome, remote_ip,"
            " request_id, detail) VALUES (?, 'default', ?, 'webhook', 'execution.start', 'execution', ?, 'success',"
            " '127.0.0.1', ?, 'greet v1 (webhook)')",
            (f"aud_{self.sequence:012x}{random.getrandbits(48):012x}", self.at, run, self.sortable_id()))


def main(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    version = db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
    runs = Runs()
    db.execute("BEGIN")
    for _ in range(PREFILL):
        runs.write(db)
    db.execute("COMMIT")
    print(f"schema version {version}, {PREFILL:,} runs stored")
    for per_commit in (1, 6, 16):
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = os.path.getsize(path + "-wal")
        for _ in range(COMMITS):
            db.execute("BEGIN")
            for _ in range(per_commit):
                runs.write(db)
            db.execute("COMMIT")
        frames = (os.path.getsize(path + "-wal") - before - (32 if before == 0 else 0)) / PAGE_FRAME
        print(f"{per_commit:2d} run(s) per commit: {frames / COMMITS:5.2f} WAL pages per commit, {frames / COMMITS / per_commit:5.2f} per run")


if __name__ == "__main__":
    main(sys.argv[1])
