package dev.weft.spi.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Weft's tables, as migrations: {@code migration(v)} takes a database at schema {@code v - 1} to
 * schema {@code v}. Add migrations; never edit a released one.
 */
final class Schema {
  /** The schema version this build writes. */
  static final int CURRENT = 2;

  private Schema() {}

  static List<String> migration(int version, Dialect d) {
    List<String> sql = new ArrayList<>();
    switch (version) {
      case 1 -> {
        String big = d.bigint();
        String bytes = d.bytes();
        sql.add("CREATE TABLE weft_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
        sql.add("CREATE TABLE weft_runs ("
            + "id " + d.generatedKey() + ", run_id TEXT NOT NULL UNIQUE,"
            + " definition TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL,"
            + " created_at " + big + " NOT NULL, updated_at " + big + " NOT NULL,"
            + " parent_run_id TEXT, queue TEXT, steps " + big + " NOT NULL,"
            + " state_data " + bytes + ", state_blob TEXT, result_data " + bytes + ","
            + " result_blob TEXT, failure TEXT, detail TEXT, wake_at " + big + ","
            + " wait_key TEXT, woken_seq " + big + ","
            + " lease_owner TEXT, lease_epoch " + big + " NOT NULL, lease_until " + big
            + " NOT NULL, chain_count " + big + " NOT NULL, chain_head " + bytes + " NOT NULL,"
            + " chain_keyed INTEGER NOT NULL)");
        sql.add("CREATE INDEX weft_runs_by_status ON weft_runs (status, created_at)");
        sql.add("CREATE INDEX weft_runs_by_created ON weft_runs (created_at)");
        sql.add("CREATE INDEX weft_runs_by_wake ON weft_runs (wake_at)");
        sql.add("CREATE TABLE weft_journal (run " + big + " NOT NULL, seq " + big
            + " NOT NULL, kind INTEGER NOT NULL, step " + big + " NOT NULL, at " + big
            + " NOT NULL, data " + bytes + ", blob TEXT, hash " + bytes + " NOT NULL,"
            + " attempt INTEGER, started " + big + ")");
        // Appended in commit order rather than clustered by run: the entries of concurrent
        // runs committed together land on the same few pages, and the index below is small.
        sql.add("CREATE UNIQUE INDEX weft_journal_by_run ON weft_journal (run, seq)");
        // Signals sent to a run, numbered per run; consumed_seq is the journal entry that
        // delivered one (null while pending). The index finds a name's oldest pending signal.
        sql.add("CREATE TABLE weft_signals (run " + big + " NOT NULL, seq " + big + " NOT NULL,"
            + " name TEXT NOT NULL, data " + bytes + ", blob TEXT, sent_at " + big + " NOT NULL,"
            + " consumed_seq " + big + ", PRIMARY KEY (run, seq))" + d.clusteredSuffix());
        sql.add("CREATE INDEX weft_signals_pending ON weft_signals (run, name, consumed_seq,"
            + " seq)");
        sql.add("CREATE TABLE weft_attempts (run " + big + " NOT NULL, step " + big
            + " NOT NULL, attempt INTEGER NOT NULL, started " + big + " NOT NULL, ended " + big
            + " NOT NULL, outcome INTEGER NOT NULL, failure TEXT,"
            + " PRIMARY KEY (run, step, attempt))" + d.clusteredSuffix());
        sql.add("CREATE TABLE weft_tool_calls (run " + big + " NOT NULL, call_key TEXT NOT NULL,"
            + " tool TEXT NOT NULL, step " + big + " NOT NULL, status INTEGER NOT NULL,"
            + " intent_seq " + big + " NOT NULL, result_seq " + big + ", started " + big
            + " NOT NULL, ended " + big + ", PRIMARY KEY (run, call_key))"
            + d.clusteredSuffix());
        sql.add("CREATE INDEX weft_tool_calls_by_step ON weft_tool_calls (run, step)");
        sql.add("CREATE INDEX weft_tool_calls_by_seq ON weft_tool_calls (run, intent_seq)");
        sql.add("CREATE TABLE weft_blobs (hash TEXT PRIMARY KEY, size " + big + " NOT NULL,"
            + " data " + bytes + " NOT NULL)");
        // Snapshots: copies of a run's state at a committed step, named uniquely per run.
        sql.add("CREATE TABLE weft_snapshots (id " + d.generatedKey() + ", run " + big
            + " NOT NULL, name TEXT NOT NULL, description TEXT, step " + big + " NOT NULL,"
            + " state_data " + bytes + ", state_blob TEXT, created " + big + " NOT NULL,"
            + " UNIQUE (run, name))");
        sql.add("CREATE INDEX weft_snapshots_by_name ON weft_snapshots (name)");
        sql.add("CREATE INDEX weft_snapshots_by_created ON weft_snapshots (created)");
        sql.add("CREATE TABLE weft_snapshot_tags (snapshot " + big + " NOT NULL, tag TEXT"
            + " NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (snapshot, tag))"
            + d.clusteredSuffix());
        sql.add("CREATE INDEX weft_snapshot_tags_by_tag ON weft_snapshot_tags (tag)");
        sql.addAll(JdbcQueues.schema(d));
      }
      case 2 -> {
        // What a step commit changes moves to a narrow row of its own: the step counter, the
        // journal's head and length, the latest state, the time, and the lease epoch that
        // fences the commit. A step then rewrites a short row on a page shared by a hundred
        // runs, and leaves the run row, with its many columns and indexes, alone. When the
        // step's journal entry holds the state (policies full and compact), the head names that
        // entry (state_seq) instead of holding a second copy.
        String big = d.bigint();
        String bytes = d.bytes();
        sql.add("CREATE TABLE weft_heads (run " + big + " PRIMARY KEY, lease_epoch " + big
            + " NOT NULL, chain_count " + big + " NOT NULL, chain_head " + bytes + " NOT NULL,"
            + " steps " + big + " NOT NULL, updated_at " + big + " NOT NULL, state_data "
            + bytes + ", state_blob TEXT, state_seq " + big + ")");
        sql.add("INSERT INTO weft_heads (run, lease_epoch, chain_count, chain_head, steps,"
            + " updated_at, state_data, state_blob) SELECT id, lease_epoch, chain_count,"
            + " chain_head, steps, updated_at, state_data, state_blob FROM weft_runs");
        for (String column : List.of("lease_epoch", "chain_count", "chain_head", "steps",
            "updated_at", "state_data", "state_blob")) {
          sql.add("ALTER TABLE weft_runs DROP COLUMN " + column);
        }
        // Most runs never wait on a timer and are not deduplicated: they need no entry in these.
        sql.add("DROP INDEX weft_runs_by_wake");
        sql.add("CREATE INDEX weft_runs_by_wake ON weft_runs (wake_at) WHERE wake_at IS NOT NULL");
        sql.add("DROP INDEX weft_runs_by_queue");
        sql.add("CREATE INDEX weft_runs_by_dedup ON weft_runs (queue, dedup_id)"
            + " WHERE dedup_id IS NOT NULL");
      }
      default -> throw new IllegalArgumentException("no migration to schema " + version);
    }
    sql.addAll(d.extraSchema(version));
    return sql;
  }
}
