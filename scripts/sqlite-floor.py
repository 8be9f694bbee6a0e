#!/usr/bin/env python3
"""The floor under `weft bench loop --runs 1000 --steps 10 --durability safe`.

Issues, through Python's sqlite3 module and without any Weft code, the statements Weft's SQLite
store (schema 2) sends for that workload, grouped into transactions the way group commit groups
them: 1,000 runs created (run row, head row, first journal entry), ten step commits per run (one
head update, one journal insert that holds the new state), the last of which completes the run
(head and run-row updates, two journal inserts), 500 operations per transaction, WAL,
synchronous=FULL, Weft's table and index layout. It prints what each kind of
operation costs and the steps per second this alone allows (no engine, no JSON, no hashing, no
threads), and that rate against single-row auto-commit inserts at the same setting, the
benchmark's baseline. Compare with the benchmark's steps_per_second and ratio.

    scripts/sqlite-floor.py [DIR]
"""
import hashlib
import os
import sqlite3
import sys
import tempfile
import time

RUNS = 1000
STEPS = 10
PER_TRANSACTION = 500

RUN_TABLE = """CREATE TABLE weft_runs (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL UNIQUE,
 definition TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL,
 created_at INTEGER NOT NULL, parent_run_id TEXT, queue TEXT, result_data BLOB,
 result_blob TEXT, failure TEXT, detail TEXT, wake_at INTEGER, wait_key TEXT, woken_seq INTEGER,
 lease_owner TEXT, lease_until INTEGER NOT NULL, chain_keyed INTEGER NOT NULL,
 priority INTEGER NOT NULL DEFAULT 0, dedup_id TEXT)"""
HEAD_TABLE = """CREATE TABLE weft_heads (run INTEGER PRIMARY KEY, lease_epoch INTEGER NOT NULL,
 chain_count INTEGER NOT NULL, chain_head BLOB NOT NULL, steps INTEGER NOT NULL,
 updated_at INTEGER NOT NULL, state_data BLOB, state_blob TEXT, state_seq INTEGER)"""
INDEXES = [
    "CREATE INDEX weft_runs_by_status ON weft_runs (status, created_at)",
    "CREATE INDEX weft_runs_by_created ON weft_runs (created_at)",
    "CREATE INDEX weft_runs_by_wake ON weft_runs (wake_at) WHERE wake_at IS NOT NULL",
    "CREATE INDEX weft_runs_by_dedup ON weft_runs (queue, dedup_id) WHERE dedup_id IS NOT NULL",
    "CREATE INDEX weft_runs_runnable ON weft_runs (queue, priority, wake_at)"
    " WHERE status IN ('PENDING', 'RUNNING', 'WAITING', 'PAUSED')",
    "CREATE INDEX weft_runs_held ON weft_runs (queue, lease_until)"
    " WHERE lease_owner IS NOT NULL",
]
JOURNAL = """CREATE TABLE weft_journal (run INTEGER NOT NULL, seq INTEGER NOT NULL,
 kind INTEGER NOT NULL, step INTEGER NOT NULL, at INTEGER NOT NULL, data BLOB, blob TEXT,
 hash BLOB NOT NULL, attempt INTEGER, started INTEGER)"""
JOURNAL_INDEX = "CREATE UNIQUE INDEX weft_journal_by_run ON weft_journal (run, seq)"

CREATE = ("INSERT INTO weft_runs (id, run_id, definition, version, status, created_at,"
          " parent_run_id, lease_owner, lease_until, chain_keyed)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING")
CREATE_HEAD = ("INSERT INTO weft_heads (run, lease_epoch, chain_count, chain_head, steps,"
               " updated_at, state_data, state_blob, state_seq)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)")
FIRST_ENTRY = ("INSERT INTO weft_journal (run, seq, kind, step, at, data, hash)"
               " VALUES (?, ?, ?, ?, ?, ?, ?)")
PROGRESS = ("UPDATE weft_heads SET steps = ?, chain_count = ?, chain_head = ?,"
            " updated_at = CASE WHEN ? > updated_at THEN ? ELSE updated_at END,"
            " state_data = ?, state_blob = ?, state_seq = ?"
            " WHERE run = ? AND lease_epoch = ? AND chain_count = ?")
ENTRY = ("INSERT INTO weft_journal (run, seq, kind, step, at, data, hash, attempt, started)"
         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
COMPLETE_HEAD = ("UPDATE weft_heads SET steps = ?, chain_count = ?, chain_head = ?,"
                 " updated_at = CASE WHEN ? > updated_at THEN ? ELSE updated_at END"
                 " WHERE run = ? AND lease_epoch = ? AND chain_count = ?")
COMPLETE = ("UPDATE weft_runs SET status = ?, result_data = ?, result_blob = ?, failure = ?,"
            " detail = ?, wake_at = ?, wait_key = ?, woken_seq = COALESCE(?, woken_seq),"
            " lease_owner = NULL, lease_until = 0 WHERE id = ?")


def fresh(path):
    """A new database file in WAL mode at synchronous=FULL (an old one is removed first)."""
    for f in (path, path + "-wal", path + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    return db


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="weft-floor.")
    db = fresh(os.path.join(directory, "floor.db"))
    db.execute("PRAGMA cache_size = -32768")
    for sql in [RUN_TABLE, HEAD_TABLE, *INDEXES, JOURNAL, JOURNAL_INDEX]:
        db.execute(sql)
    state = b'{"n":5,"target":10}'
    head = hashlib.sha256(b"head").digest()
    groups = [range(i, min(i + PER_TRANSACTION, RUNS)) for i in range(0, RUNS, PER_TRANSACTION)]

    def transaction(work):
        db.execute("BEGIN IMMEDIATE")
        work()
        db.execute("COMMIT")

    def create(runs):
        # Batched, as group commit binds creations: keys handed out by the writer.
        db.executemany(CREATE, [(i + 1, "bench-%d" % i, "bench", 1, "RUNNING", 1000 + i, None,
                                 "owner", 10**12, 0) for i in runs])
        db.executemany(CREATE_HEAD, [(i + 1, 1, 1, head, 0, 1000 + i, state, None)
                                     for i in runs])
        db.executemany(FIRST_ENTRY, [(i + 1, 1, 1, 0, 1000 + i, state, head) for i in runs])

    def step(s, runs):
        # The entry holds the state; the head names it instead of keeping a copy.
        db.executemany(PROGRESS, [(s + 1, s + 2, head, 2000 + s, 2000 + s, None, None, s + 2,
                                   i + 1, 1, s + 1) for i in runs])
        db.executemany(ENTRY, [(i + 1, s + 2, 3, s, 2000 + s, state, head, 1, 1999 + s)
                               for i in runs])

    def complete(runs):
        s = STEPS - 1
        db.executemany(COMPLETE_HEAD, [(STEPS, s + 3, head, 3000, 3000, i + 1, 1, s + 1)
                                       for i in runs])
        db.executemany(COMPLETE, [("COMPLETED", b"10", None, None, None, None, None, None,
                                   i + 1) for i in runs])
        db.executemany(ENTRY, [(i + 1, s + 2, 3, s, 3000, b"", head, 1, 2999) for i in runs])
        db.executemany(ENTRY, [(i + 1, s + 3, 4, s, 3000, b"10", head, None, None)
                               for i in runs])

    t0 = time.perf_counter()
    for g in groups:
        transaction(lambda: create(g))
    t1 = time.perf_counter()
    for s in range(STEPS - 1):
        for g in groups:
            transaction(lambda: step(s, g))
    t2 = time.perf_counter()
    for g in groups:
        transaction(lambda: complete(g))
    t3 = time.perf_counter()
    db.close()
    floor = RUNS * STEPS / (t3 - t0)
    base = baseline(os.path.join(directory, "baseline.db"))
    print("create %.1f us/run, step %.2f us/step, completing step %.1f us/run: %.0f steps/s;"
          " baseline %.0f single-row commits/s; ratio %.2f"
          % ((t1 - t0) / RUNS * 1e6, (t2 - t1) / (RUNS * (STEPS - 1)) * 1e6,
             (t3 - t2) / RUNS * 1e6,
             floor, base, floor / base))


def baseline(path):
    """Single-row auto-commit inserts at synchronous=FULL, as `weft bench` measures it."""
    db = fresh(path)
    db.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, value BLOB)")
    n = 3000
    t0 = time.perf_counter()
    for i in range(n):
        db.execute("INSERT INTO scratch (value) VALUES (?)", (b"x" * 16,))
    rate = n / (time.perf_counter() - t0)
    db.close()
    return rate


if __name__ == "__main__":
    main()
