package dev.weft.spi.jdbc;

import dev.weft.Durability;
import dev.weft.RunNotFoundException;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.spi.AttemptRecord;
import dev.weft.spi.Blob;
import dev.weft.spi.Claim;
import dev.weft.spi.Commit;
import dev.weft.spi.Dispatch;
import dev.weft.spi.Enqueue;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.LeaseState;
import dev.weft.spi.NewRun;
import dev.weft.spi.NewSignal;
import dev.weft.spi.SignalRecord;
import dev.weft.spi.NewSnapshot;
import dev.weft.spi.RunQuery;
import dev.weft.spi.RunRecord;
import dev.weft.spi.RunUpdate;
import dev.weft.spi.SnapshotQuery;
import dev.weft.spi.SnapshotRecord;
import dev.weft.spi.StaleCommitException;
import dev.weft.spi.Store;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.ToolCallRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The store every SQL backend shares. Writes go through {@link GroupCommit} on one connection;
 * reads use a small pool of separate connections, so they never see uncommitted work.
 */
public class JdbcStore implements Store {
  /** Opens new connections to the database. */
  @FunctionalInterface
  public interface Connector {
    Connection connect() throws SQLException;
  }

  /** Turns driver errors into Weft errors. */
  interface ErrorTranslator {
    RuntimeException translate(SQLException e, String location);
  }

  private final Dialect dialect;
  private final String description;
  private final Connections connections;
  private final GroupCommit writes;
  private final ErrorTranslator errors;
  private final Durability durability;
  private volatile boolean unflushed;

  public JdbcStore(Dialect dialect, Connector connector, StoreOptions options,
      String description) {
    this.dialect = dialect;
    this.description = description;
    this.durability = options.durability();
    this.errors = this::translate;
    this.connections = new Connections(connector, dialect, errors);
    try {
      Migrator migrator = new Migrator(dialect, description);
      connections.read(c -> {
        migrator.check(c, options.create());
        return null;
      });
      Connection writer = connections.writer();
      migrator.migrate(writer, options.create());
      this.writes = new GroupCommit(writer, connections::reopenWriter, dialect,
          durability == Durability.SAFE);
    } catch (RuntimeException e) {
      connections.close();
      throw e;
    }
  }

  protected final Dialect dialect() {
    return dialect;
  }

  private RuntimeException translate(SQLException e, String location) {
    RuntimeException mine = dialect.translate(e, description);
    return mine != null ? mine : new StoreException("database error in " + description
        + " during " + location + ": " + e.getMessage(), e);
  }

  private <T> T write(GroupCommit.Op<T> op, boolean flush) {
    boolean needFlush = flush && durability == Durability.EFFECTS;
    T result = writes.execute(op, needFlush, errors);
    unflushed = durability == Durability.EFFECTS && !needFlush;
    return result;
  }

  @Override
  public Created create(NewRun n) {
    return write(new GroupCommit.CreateOp(n), true);
  }

  @Override
  public Claim claim(Claim.Request r) {
    return write(c -> {
      RunRecord run = JdbcReads.runForUpdate(c.connection(), dialect, r.runId())
          .orElseThrow(() -> new RunNotFoundException(r.runId()));
      LeaseState lease = run.lease();
      boolean free = !lease.isHeld() || lease.untilMillis() <= r.nowMillis()
          || r.owner().equals(lease.owner());
      boolean takeover = r.takeoverEpoch() != null && r.takeoverEpoch() == lease.epoch();
      if (!free && !takeover) {
        return new Claim.Held(run);
      }
      LeaseState next = new LeaseState(r.owner(), lease.epoch() + 1, r.untilMillis());
      JdbcWrites.setLeases(c, List.of(run), List.of(next));
      return new Claim.Granted(new RunRecord(run.key(), run.runId(), run.header(),
          run.status(), run.progress(), next, run.chain(), run.updatedMillis()), lease.owner());
    }, false);
  }

  @Override
  public boolean renew(long runKey, String owner, long epoch, long untilMillis) {
    return write(c -> JdbcWrites.renew(c, runKey, owner, epoch, untilMillis), false);
  }

  @Override
  public void release(long runKey, String owner, long epoch) {
    write(c -> JdbcWrites.release(c, runKey, owner, epoch), false);
  }

  @Override
  public void commit(Commit commit) {
    write(new GroupCommit.CommitOp(commit), commit.flush());
  }

  @Override
  public void flush() {
    if (unflushed) {
      write(c -> {
        JdbcWrites.touchMeta(c);
        return null;
      }, true);
    }
  }

  @Override
  public Sent signal(NewSignal signal) {
    // Acknowledging a signal is visible outside the run: flushed in EFFECTS mode too.
    return write(c -> JdbcSignals.signal(c, dialect, signal), true);
  }

  @Override
  public Optional<SignalRecord> pendingSignal(long runKey, String name) {
    return connections.read(c -> JdbcSignals.pending(c, runKey, name));
  }

  @Override
  public List<SignalRecord> signals(long runKey, long offset, int limit) {
    return connections.read(c -> JdbcSignals.list(c, runKey, offset, limit));
  }

  @Override
  public List<RunRecord> due(long nowMillis, Collection<String> definitions, int limit) {
    return connections.read(c -> JdbcSignals.due(c, nowMillis, definitions, limit));
  }

  @Override
  public OptionalLong nextWake(long afterMillis, Collection<String> definitions) {
    return connections.read(c -> JdbcSignals.nextWake(c, afterMillis, definitions));
  }

  @Override
  public Created enqueue(NewRun n, Enqueue queue) {
    return write(c -> JdbcQueues.enqueue(c, dialect, n, queue), true);
  }

  @Override
  public Dispatch.Result claimRunnable(Dispatch request) {
    return write(c -> JdbcQueues.claim(c, dialect, request), false);
  }

  @Override
  public Optional<RunRecord> find(String runId) {
    return connections.read(c -> JdbcReads.run(c, runId));
  }

  @Override
  public List<RunRecord> list(RunQuery q) {
    return connections.read(c -> JdbcReads.runs(c, q));
  }

  @Override
  public List<JournalRecord> journal(long runKey, long afterSeq, int limit) {
    return connections.read(c -> JdbcReads.list(c, "SELECT " + Rows.JOURNAL_COLUMNS
        + " FROM weft_journal WHERE run = ? AND seq > ? ORDER BY seq LIMIT ?",
        ps -> {
          ps.setLong(1, runKey);
          ps.setLong(2, afterSeq);
          ps.setInt(3, limit);
        }, Rows::journal));
  }

  @Override
  public List<AttemptRecord> attempts(long runKey, long offset, int limit) {
    // Failed and interrupted attempts have rows; a step's successful attempt is recorded in the
    // journal entry that committed the step.
    return connections.read(c -> JdbcReads.list(c, "SELECT " + Rows.ATTEMPT_COLUMNS
        + " FROM (SELECT " + Rows.ATTEMPT_COLUMNS + " FROM weft_attempts WHERE run = ?"
        + " UNION ALL SELECT step, attempt, started, at AS ended, "
        + AttemptRecord.Outcome.SUCCEEDED.code() + " AS outcome, NULL AS failure"
        + " FROM weft_journal WHERE run = ? AND attempt IS NOT NULL) all_attempts"
        + " ORDER BY step, attempt LIMIT ? OFFSET ?",
        ps -> {
          ps.setLong(1, runKey);
          ps.setLong(2, runKey);
          ps.setInt(3, limit);
          ps.setLong(4, offset);
        }, Rows::attempt));
  }

  @Override
  public AttemptSummary attemptSummary(long runKey, long step) {
    return connections.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT MAX(attempt), SUM(CASE WHEN"
          + " outcome = " + AttemptRecord.Outcome.FAILED.code() + " THEN 1 ELSE 0 END)"
          + " FROM weft_attempts WHERE run = ? AND step = ?")) {
        ps.setLong(1, runKey);
        ps.setLong(2, step);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? new AttemptSummary(rs.getInt(1), rs.getInt(2))
              : new AttemptSummary(0, 0);
        }
      }
    });
  }

  @Override
  public List<ToolCallRow> toolCalls(long runKey, long offset, int limit) {
    return connections.read(c -> JdbcReads.list(c, "SELECT " + Rows.TOOL_CALL_COLUMNS
        + " FROM weft_tool_calls WHERE run = ? ORDER BY intent_seq LIMIT ? OFFSET ?",
        ps -> {
          ps.setLong(1, runKey);
          ps.setInt(2, limit);
          ps.setLong(3, offset);
        }, Rows::toolCall));
  }

  @Override
  public List<ToolCallRow> toolCallsOfStep(long runKey, long step) {
    return connections.read(c -> JdbcReads.list(c, "SELECT " + Rows.TOOL_CALL_COLUMNS
        + " FROM weft_tool_calls WHERE run = ? AND step = ? ORDER BY intent_seq",
        ps -> {
          ps.setLong(1, runKey);
          ps.setLong(2, step);
        }, Rows::toolCall));
  }

  @Override
  public Optional<ToolCallRow> toolCall(long runKey, String key) {
    List<ToolCallRow> rows = connections.read(c -> JdbcReads.list(c, "SELECT "
        + Rows.TOOL_CALL_COLUMNS + " FROM weft_tool_calls WHERE run = ? AND call_key = ?",
        ps -> {
          ps.setLong(1, runKey);
          ps.setString(2, key);
        }, Rows::toolCall));
    return rows.stream().findFirst();
  }

  @Override
  public Optional<byte[]> blob(String hash) {
    List<byte[]> rows = connections.read(c -> JdbcReads.list(c,
        "SELECT data FROM weft_blobs WHERE hash = ?", ps -> ps.setString(1, hash),
        rs -> rs.getBytes(1)));
    return rows.stream().findFirst();
  }

  @Override
  public RunStats stats(long runKey) {
    return connections.read(c -> {
      long[] a = JdbcReads.longs(c, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN outcome = "
          + AttemptRecord.Outcome.FAILED.code() + " THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE"
          + " WHEN outcome = " + AttemptRecord.Outcome.INTERRUPTED.code()
          + " THEN 1 ELSE 0 END), 0) FROM weft_attempts WHERE run = ?", runKey, 3);
      long[] stamped = JdbcReads.longs(c, "SELECT COUNT(*) FROM weft_journal WHERE run = ?"
          + " AND attempt IS NOT NULL", runKey, 1);
      long[] t = JdbcReads.longs(c, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = "
          + ToolCallRow.Status.PENDING.code() + " THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE"
          + " WHEN status = " + ToolCallRow.Status.FAILED.code()
          + " THEN 1 ELSE 0 END), 0) FROM weft_tool_calls WHERE run = ?", runKey, 3);
      return new RunStats(a[0] + stamped[0], a[1], a[2], t[0], t[1], t[2]);
    });
  }

  @Override
  public boolean saveSnapshot(NewSnapshot snapshot) {
    // Flushed: the caller is told the snapshot exists, and it is an operator's rare write.
    return write(c -> JdbcSnapshots.save(c, snapshot), true);
  }

  @Override
  public Optional<SnapshotRecord> snapshot(long runKey, String name) {
    return connections.read(c -> JdbcSnapshots.find(c, runKey, name));
  }

  @Override
  public List<SnapshotRecord> snapshots(SnapshotQuery query) {
    return connections.read(c -> JdbcSnapshots.list(c, query));
  }

  @Override
  public Optional<JournalRecord> committedStep(long runKey, long step) {
    return connections.read(c -> JdbcSnapshots.committedStep(c, runKey, step));
  }

  /** Attempt records in the store: rows of failed attempts plus stamped journal entries. */
  public long countAttemptRecords() {
    return connections.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT COUNT(*) FROM"
          + " weft_attempts) + (SELECT COUNT(*) FROM weft_journal WHERE attempt IS NOT NULL)");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** Counts rows of one of Weft's tables (for benchmarks and diagnostics). */
  public long countRows(String table) {
    if (!table.matches("weft_[a-z_]+")) {
      throw new IllegalArgumentException("not a Weft table: " + table);
    }
    return connections.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /**
   * Transactions and operations committed by group commit so far, how many of those
   * transactions sent their step commits as JDBC batches, and how many times the write
   * connection was replaced after it broke (for benchmarks and tests).
   */
  public long[] groupCommitCounts() {
    return new long[] {writes.batches(), writes.operations(), writes.batchedTransactions(),
        writes.reconnects()};
  }

  /** Runs a read on a pooled read connection (for dialect-specific queries of subclasses). */
  protected final <T> T read(Connections.Read<T> op) {
    return connections.read(op);
  }

  @Override
  public String describe() {
    return dialect.name() + " " + description + " (schema " + Schema.CURRENT + ")";
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      writes.close();
      connections.close();
    }
  }
}
