package dev.weft.spi.jdbc;

import dev.weft.RunStatus;
import dev.weft.spi.Claim;
import dev.weft.spi.Dispatch;
import dev.weft.spi.Enqueue;
import dev.weft.spi.LeaseState;
import dev.weft.spi.NewRun;
import dev.weft.spi.RunRecord;
import dev.weft.spi.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Queues and workers: enqueueing runs, and claiming runnable ones in one transaction with the
 * queue's limits. A queue with a global concurrency or rate limit has a row in {@code
 * weft_queues} that every claim from it locks first, so that two workers cannot both see room
 * for the last slot; claims in a queue without limits only lock the runs they take, skipping
 * runs other claimers hold locked ({@link Dialect#skipLocked}). Each claim from a rate-limited
 * queue leaves a row in {@code weft_dispatches}: the sliding window the rate is counted in.
 */
final class JdbcQueues {
  private JdbcQueues() {}

  /** Tables, columns and indexes of queues (part of schema 1). */
  static List<String> schema(Dialect d) {
    String big = d.bigint();
    return List.of(
        "ALTER TABLE weft_runs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE weft_runs ADD COLUMN dedup_id TEXT",
        "CREATE INDEX weft_runs_by_queue ON weft_runs (queue, dedup_id)",
        // Claims look only at runs that can still move, and count only held ones: finished
        // runs, however many, are in neither index.
        "CREATE INDEX weft_runs_runnable ON weft_runs (queue, priority, wake_at) WHERE " + LIVE,
        "CREATE INDEX weft_runs_held ON weft_runs (queue, lease_until)"
            + " WHERE lease_owner IS NOT NULL",
        "CREATE TABLE weft_queues (name TEXT PRIMARY KEY)",
        "CREATE TABLE weft_dispatches (queue TEXT NOT NULL, at " + big + " NOT NULL)",
        "CREATE INDEX weft_dispatches_by_queue ON weft_dispatches (queue, at)");
  }

  /** Statuses of runs a worker may ever claim. */
  private static final String LIVE = "status IN ('" + RunStatus.PENDING + "', '"
      + RunStatus.RUNNING + "', '" + RunStatus.WAITING + "', '" + RunStatus.PAUSED + "')";

  private static final String UNFINISHED = "status NOT IN ('" + RunStatus.COMPLETED + "', '"
      + RunStatus.FAILED + "', '" + RunStatus.CANCELLED + "')";

  static Store.Created enqueue(Tx tx, Dialect d, NewRun n, Enqueue e) throws SQLException {
    if (n.owner() != null) {
      throw new IllegalArgumentException("an enqueued run is created unheld");
    }
    if (e.dedupId() != null) {
      // Two enqueues with the same id from different processes serialize on the queue's row.
      lockQueue(tx, d, e.queue());
      PreparedStatement ps = tx.prepare("SELECT " + Rows.RUN_COLUMNS + " FROM " + Rows.RUN_FROM
          + " WHERE queue = ? AND dedup_id = ? AND " + UNFINISHED + " ORDER BY id LIMIT 1");
      ps.setString(1, e.queue());
      ps.setString(2, e.dedupId());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return new Store.Created(Rows.run(rs), false);
        }
      }
    }
    Store.Created created = JdbcWrites.create(tx, n);
    if (!created.created()) {
      return created;
    }
    long due = n.header().createdMillis();
    PreparedStatement ps = tx.prepare("UPDATE weft_runs SET queue = ?, priority = ?,"
        + " dedup_id = ?, wake_at = ? WHERE id = ?");
    ps.setString(1, e.queue());
    ps.setInt(2, e.priority());
    ps.setString(3, e.dedupId());
    ps.setLong(4, due);
    ps.setLong(5, created.run().key());
    ps.executeUpdate();
    RunRecord r = created.run();
    return new Store.Created(new RunRecord(r.key(), r.runId(), r.header(), r.status(),
        new RunRecord.Progress(r.progress().steps(), r.progress().state(), null, null, null,
            new dev.weft.spi.Waiting(null, due)), r.lease(), r.chain(), r.updatedMillis()),
        true);
  }

  private static void lockQueue(Tx tx, Dialect d, String queue) throws SQLException {
    PreparedStatement insert = tx.prepare("INSERT INTO weft_queues (name) VALUES (?)"
        + " ON CONFLICT (name) DO NOTHING");
    insert.setString(1, queue);
    insert.executeUpdate();
    PreparedStatement lock = tx.prepare("SELECT name FROM weft_queues WHERE name = ?"
        + d.forUpdate());
    lock.setString(1, queue);
    lock.executeQuery().close();
  }

  /** Runs of the queue (runs without one count as the default queue's). */
  private static final String IN_QUEUE = "(queue = ? OR (? = 1 AND queue IS NULL))";

  private static final String RUNNABLE = LIVE
      + " AND (lease_owner IS NULL OR lease_until <= ?) AND"
      + " (status = '" + RunStatus.RUNNING + "' OR (status IN ('" + RunStatus.PENDING + "', '"
      + RunStatus.WAITING + "', '" + RunStatus.PAUSED + "') AND wake_at <= ?))";

  static Dispatch.Result claim(Tx tx, Dialect d, Dispatch r) throws SQLException {
    Dispatch.Limits q = r.queue();
    int limit = r.limit();
    if (limit == 0 || r.definitions().isEmpty()) {
      return Dispatch.Result.none();
    }
    long now = r.nowMillis();
    Window window = null;
    if (q.concurrency() > 0 || q.ratePermits() > 0) {
      lockQueue(tx, d, q.name());
      if (q.concurrency() > 0) {
        limit = (int) Math.min(limit, q.concurrency() - held(tx, q, now));
      }
      if (q.ratePermits() > 0) {
        window = window(tx, q, now);
        limit = (int) Math.min(limit, q.ratePermits() - window.count);
      }
      if (limit <= 0) {
        return new Dispatch.Result(List.of(), window != null && window.count >= q.ratePermits()
            ? window.oldest + q.ratePeriodMillis() : 0);
      }
    }
    List<Map.Entry<String, Integer>> defs = new ArrayList<>(r.definitions().entrySet());
    StringBuilder sql = new StringBuilder("SELECT " + Rows.RUN_COLUMNS + " FROM " + Rows.RUN_FROM
        + " WHERE " + RUNNABLE + " AND " + IN_QUEUE + " AND (");
    for (int i = 0; i < defs.size(); i++) {
      sql.append(i == 0 ? "" : " OR ").append("(definition = ? AND version = ?)");
    }
    sql.append(") ORDER BY priority DESC, COALESCE(wake_at, 0), id LIMIT ?")
        .append(d.skipLocked());
    PreparedStatement ps = tx.prepare(sql.toString());
    int at = 1;
    ps.setLong(at++, now);
    ps.setLong(at++, now);
    ps.setString(at++, q.name());
    ps.setInt(at++, q.takesUnqueued() ? 1 : 0);
    for (Map.Entry<String, Integer> e : defs) {
      ps.setString(at++, e.getKey());
      ps.setInt(at++, e.getValue());
    }
    ps.setInt(at, limit);
    List<RunRecord> runs = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        runs.add(Rows.run(rs));
      }
    }
    List<Claim.Granted> granted = new ArrayList<>();
    List<LeaseState> leases = new ArrayList<>();
    for (RunRecord run : runs) {
      LeaseState lease = new LeaseState(r.owner(), run.lease().epoch() + 1, r.untilMillis());
      leases.add(lease);
      granted.add(new Claim.Granted(new RunRecord(run.key(), run.runId(), run.header(),
          run.status(), run.progress(), lease, run.chain(), run.updatedMillis()),
          run.lease().owner()));
    }
    JdbcWrites.setLeases(tx, runs, leases);
    long limitedUntil = 0;
    if (window != null && !granted.isEmpty()) {
      PreparedStatement ins = tx.prepare("INSERT INTO weft_dispatches (queue, at)"
          + " VALUES (?, ?)");
      for (int i = 0; i < granted.size(); i++) {
        ins.setString(1, q.name());
        ins.setLong(2, now);
        ins.executeUpdate();
      }
      if (window.count + granted.size() >= q.ratePermits()) {
        limitedUntil = (window.count == 0 ? now : window.oldest) + q.ratePeriodMillis();
      }
    }
    return new Dispatch.Result(granted, limitedUntil);
  }

  /** Runs of the queue held under an unexpired lease. */
  private static long held(Tx tx, Dispatch.Limits q, long now) throws SQLException {
    PreparedStatement ps = tx.prepare("SELECT COUNT(*) FROM weft_runs WHERE " + IN_QUEUE
        + " AND lease_owner IS NOT NULL AND lease_until > ?");
    ps.setString(1, q.name());
    ps.setInt(2, q.takesUnqueued() ? 1 : 0);
    ps.setLong(3, now);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Claims from the queue in the rate limit's window ending now, and the oldest of them. */
  private record Window(long count, long oldest) {}

  private static Window window(Tx tx, Dispatch.Limits q, long now) throws SQLException {
    long since = now - q.ratePeriodMillis();
    PreparedStatement prune = tx.prepare("DELETE FROM weft_dispatches WHERE queue = ?"
        + " AND at <= ?");
    prune.setString(1, q.name());
    prune.setLong(2, since);
    prune.executeUpdate();
    PreparedStatement ps = tx.prepare("SELECT COUNT(*), MIN(at) FROM weft_dispatches"
        + " WHERE queue = ? AND at > ?");
    ps.setString(1, q.name());
    ps.setLong(2, since);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Window(rs.getLong(1), rs.getLong(2));
    }
  }
}
