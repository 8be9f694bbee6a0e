package dev.weft.spi.jdbc;

import dev.weft.RunNotFoundException;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.spi.AttemptRecord;
import dev.weft.spi.Blob;
import dev.weft.spi.Commit;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.LeaseState;
import dev.weft.spi.NewRun;
import dev.weft.spi.Payload;
import dev.weft.spi.RunRecord;
import dev.weft.spi.RunUpdate;
import dev.weft.spi.StaleCommitException;
import dev.weft.spi.Store;
import dev.weft.spi.ToolCallRow;
import dev.weft.spi.Waiting;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Row writes, each run inside a group-commit transaction on the write connection. */
final class JdbcWrites {
  private JdbcWrites() {}

  private static final String INSERT_RUN = "INSERT INTO weft_runs (run_id, definition, version,"
      + " status, created_at, parent_run_id, lease_owner, lease_until, chain_keyed)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING RETURNING id";
  private static final String INSERT_HEAD = "INSERT INTO weft_heads (run, lease_epoch,"
      + " chain_count, chain_head, steps, updated_at, state_data, state_blob, state_seq)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)";

  static Store.Created create(Tx tx, NewRun n) throws SQLException {
    PreparedStatement ps = tx.prepare(INSERT_RUN);
    bindRun(ps, 1, n);
    Long key;
    try (ResultSet rs = ps.executeQuery()) {
      key = rs.next() ? rs.getLong(1) : null;
    }
    if (key == null) {
      RunRecord existing = JdbcReads.run(tx.connection(), n.runId()).orElseThrow();
      return new Store.Created(existing, false);
    }
    insertCreated(tx, n, key, null);
    return created(n, key);
  }

  private static final String INSERT_RUN_WITH_KEY = "INSERT INTO weft_runs (id, run_id,"
      + " definition, version, status, created_at, parent_run_id, lease_owner, lease_until,"
      + " chain_keyed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING";

  /**
   * Binds the creation of {@code n} under {@code key} (allocated by the caller inside this
   * transaction) into {@code batch}. The run row goes with the batch's fenced statements: if the
   * id is taken, it inserts nothing, and the whole batch runs again one operation at a time,
   * where {@link #create} returns the existing run.
   */
  static Store.Created create(Tx tx, NewRun n, long key, CommitBatch batch)
      throws SQLException {
    PreparedStatement ps = tx.prepare(INSERT_RUN_WITH_KEY);
    ps.setLong(1, key);
    bindRun(ps, 2, n);
    batch.update(ps);
    insertCreated(tx, n, key, batch);
    return created(n, key);
  }

  private static void bindRun(PreparedStatement ps, int at, NewRun n) throws SQLException {
    ps.setString(at, n.runId());
    ps.setString(at + 1, n.header().definition());
    ps.setInt(at + 2, n.header().version());
    ps.setString(at + 3, initialStatus(n).name());
    ps.setLong(at + 4, n.header().createdMillis());
    ps.setString(at + 5, n.header().parentRunId());
    ps.setString(at + 6, n.owner());
    ps.setLong(at + 7, n.owner() == null ? 0 : n.leaseUntilMillis());
    ps.setInt(at + 8, n.chain().keyed() ? 1 : 0);
  }

  /** The new run's head, blobs and first entries. */
  private static void insertCreated(Tx tx, NewRun n, long key, CommitBatch batch)
      throws SQLException {
    PreparedStatement head = tx.prepare(INSERT_HEAD);
    head.setLong(1, key);
    head.setLong(2, n.owner() == null ? 0 : 1);
    head.setLong(3, n.chain().count());
    head.setBytes(4, n.chain().hash());
    head.setLong(5, n.steps());
    head.setLong(6, n.header().createdMillis());
    Rows.bindPayload(head, 7, n.state());
    CommitBatch.run(head, batch);
    insertBlobs(tx, n.blobs(), batch);
    insertJournal(tx, key, n.entries(), batch);
  }

  private static Store.Created created(NewRun n, long key) {
    RunRecord run = new RunRecord(key, n.runId(), n.header(), initialStatus(n),
        new RunRecord.Progress(n.steps(), n.state(), null, null, null, null),
        n.owner() == null ? LeaseState.free(0)
            : new LeaseState(n.owner(), 1, n.leaseUntilMillis()),
        n.chain(), n.header().createdMillis());
    return new Store.Created(run, true);
  }

  /** A run created already held is being executed: RUNNING; otherwise PENDING. */
  static RunStatus initialStatus(NewRun n) {
    return n.owner() == null ? RunStatus.PENDING : RunStatus.RUNNING;
  }

  /**
   * Sets the lease of each run read (and locked) a moment ago in this transaction, in one JDBC
   * batch: one round trip for all the runs a worker claims at once. Each update is conditional
   * on the epoch read.
   */
  static void setLeases(Tx tx, List<RunRecord> runs, List<LeaseState> leases)
      throws SQLException {
    if (runs.isEmpty()) {
      return;
    }
    PreparedStatement epochs = tx.prepare("UPDATE weft_heads SET lease_epoch = ?"
        + " WHERE run = ? AND lease_epoch = ?");
    PreparedStatement holders = tx.prepare("UPDATE weft_runs SET lease_owner = ?,"
        + " lease_until = ? WHERE id = ?");
    try {
      for (int i = 0; i < runs.size(); i++) {
        LeaseState lease = leases.get(i);
        epochs.setLong(1, lease.epoch());
        epochs.setLong(2, runs.get(i).key());
        epochs.setLong(3, runs.get(i).lease().epoch());
        epochs.addBatch();
        holders.setString(1, lease.owner());
        holders.setLong(2, lease.untilMillis());
        holders.setLong(3, runs.get(i).key());
        holders.addBatch();
      }
      int[] counts = epochs.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 1) {
          throw new StoreException("run " + runs.get(i).runId() + " changed while being"
              + " claimed");
        }
      }
      holders.executeBatch();
    } finally {
      epochs.clearBatch();
      holders.clearBatch();
    }
  }

  /** The condition that the run's lease epoch is {@code ?} (the head holds the epoch). */
  private static final String EPOCH_IS = "(SELECT lease_epoch FROM weft_heads"
      + " WHERE weft_heads.run = weft_runs.id) = ?";

  static boolean renew(Tx tx, long key, String owner, long epoch, long until)
      throws SQLException {
    PreparedStatement ps = tx.prepare("UPDATE weft_runs SET lease_until = ?"
        + " WHERE id = ? AND lease_owner = ? AND " + EPOCH_IS);
    ps.setLong(1, until);
    ps.setLong(2, key);
    ps.setString(3, owner);
    ps.setLong(4, epoch);
    return ps.executeUpdate() == 1;
  }

  static Void release(Tx tx, long key, String owner, long epoch) throws SQLException {
    PreparedStatement ps = tx.prepare("UPDATE weft_runs SET lease_owner = NULL,"
        + " lease_until = 0 WHERE id = ? AND lease_owner = ? AND " + EPOCH_IS);
    ps.setLong(1, key);
    ps.setString(2, owner);
    ps.setLong(3, epoch);
    ps.executeUpdate();
    return null;
  }

  // The run row changes only with the run's status; its head changes with every commit and
  // carries the fence: a commit applies only at the lease epoch and journal length it expects.
  private static final String UPDATE_RUN = "UPDATE weft_runs SET status = ?,"
      + " result_data = ?, result_blob = ?, failure = ?, detail = ?, wake_at = ?, wait_key = ?,"
      + " woken_seq = COALESCE(?, woken_seq),"
      + " lease_owner = CASE WHEN ? = 1 THEN NULL ELSE lease_owner END,"
      + " lease_until = CASE WHEN ? = 1 THEN 0 ELSE lease_until END WHERE id = ?";

  private static final String PROGRESS = "UPDATE weft_heads SET steps = ?, chain_count = ?,"
      + " chain_head = ?, updated_at = CASE WHEN ? > updated_at THEN ? ELSE updated_at END";
  private static final String FENCE = " WHERE run = ? AND lease_epoch = ? AND chain_count = ?";
  private static final String PROGRESS_WITH_STATE = PROGRESS + ", state_data = ?,"
      + " state_blob = ?, state_seq = ?" + FENCE;
  private static final String PROGRESS_WITHOUT_STATE = PROGRESS + FENCE;

  static void commit(Tx tx, Commit k) throws SQLException {
    commit(tx, k, null);
  }

  /**
   * Writes a commit; with a {@code batch}, binds its rows into the batch's statements instead,
   * for a commit {@link CommitBatch#accepts accepted} by it.
   */
  static void commit(Tx tx, Commit k, CommitBatch batch) throws SQLException {
    commitProgress(tx, k, batch);
    if (!k.update().progressOnly()) {
      commitStatus(tx, k, batch);
    }
    insertBlobs(tx, k.blobs(), batch);
    insertJournal(tx, k.runKey(), k.entries(), batch);
    insertAttempts(tx, k.runKey(), k.attempts(), batch);
    upsertToolCalls(tx, k.runKey(), k.toolCalls(), batch);
    if (batch != null) {
      return;
    }
    if (k.wakeup() != null && k.wakeup().signalSeq() != null) {
      JdbcSignals.consume(tx, k);
    }
    Waiting w = k.update().waiting();
    if (k.update().status() == RunStatus.WAITING && w != null && w.key() != null) {
      // A signal sent before the run began to wait makes it due at once.
      JdbcSignals.wakeIfPending(tx, k.runKey(), w.key());
    }
  }

  /**
   * The run's head: progress, journal head and state, fenced on the lease epoch and journal
   * length. For most step commits the only row written besides the journal entry.
   */
  private static void commitProgress(Tx tx, Commit k, CommitBatch batch) throws SQLException {
    RunUpdate u = k.update();
    long now = lastEntryMillis(k);
    PreparedStatement ps = tx.prepare(u.state() != null ? PROGRESS_WITH_STATE
        : PROGRESS_WITHOUT_STATE);
    ps.setLong(1, u.steps());
    ps.setLong(2, k.chain().count());
    ps.setBytes(3, k.chain().hash());
    ps.setLong(4, now);
    ps.setLong(5, now);
    int at = 6;
    if (u.state() != null) {
      // A state the commit's journal entry already holds is stored once, in the entry.
      Long seq = entryHolding(k, u.state());
      Rows.bindPayload(ps, at, seq == null ? u.state() : null);
      Rows.setNullableLong(ps, at + 2, seq);
      at += 3;
    }
    ps.setLong(at, k.runKey());
    ps.setLong(at + 1, k.expectedEpoch());
    ps.setLong(at + 2, k.expectedCount());
    if (batch != null) {
      batch.update(ps);
    } else if (ps.executeUpdate() != 1) {
      throw stale(tx, k);
    }
  }

  /** The sequence number of an entry of {@code k} whose payload is {@code state}, or null. */
  private static @Nullable Long entryHolding(Commit k, Payload state) {
    for (int i = k.entries().size() - 1; i >= 0; i--) {
      JournalRecord e = k.entries().get(i);
      if (samePayload(e.payload(), state)) {
        return e.seq();
      }
    }
    return null;
  }

  private static boolean samePayload(Payload a, Payload b) {
    return switch (a) {
      case Payload.Inline i -> b instanceof Payload.Inline j && i.bytes().length > 0
          && java.util.Arrays.equals(i.bytes(), j.bytes());
      case Payload.BlobRef r -> b instanceof Payload.BlobRef s && r.hash().equals(s.hash());
    };
  }

  // The run was last updated when its newest entry was recorded; a commit without entries
  // (an attempt record, a status change) keeps the time. The store reads no clock.
  private static long lastEntryMillis(Commit k) {
    return k.entries().isEmpty() ? Long.MIN_VALUE
        : k.entries().get(k.entries().size() - 1).atMillis();
  }

  /** The run row, for a commit that changes status, result, wait or lease (after its fence). */
  private static void commitStatus(Tx tx, Commit k, CommitBatch batch) throws SQLException {
    RunUpdate u = k.update();
    PreparedStatement ps = tx.prepare(UPDATE_RUN);
    ps.setString(1, u.status().name());
    Rows.bindPayload(ps, 2, u.result());
    ps.setString(4, Rows.failureJson(u.failure()));
    ps.setString(5, u.detail());
    Waiting w = u.waiting();
    Rows.setNullableLong(ps, 6, w == null ? null : w.wakeAtMillis());
    ps.setString(7, w == null ? null : w.key());
    Rows.setNullableLong(ps, 8, k.wakeup() == null ? null : k.wakeup().entrySeq());
    ps.setInt(9, u.releaseLease() ? 1 : 0);
    ps.setInt(10, u.releaseLease() ? 1 : 0);
    ps.setLong(11, k.runKey());
    if (batch != null) {
      batch.update(ps);
    } else if (ps.executeUpdate() != 1) {
      throw new RunNotFoundException(k.runId());
    }
  }

  private static RuntimeException stale(Tx tx, Commit k) throws SQLException {
    PreparedStatement ps = tx.prepare(
        "SELECT lease_epoch, chain_count FROM weft_heads WHERE run = ?");
    ps.setLong(1, k.runKey());
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return new RunNotFoundException(k.runId());
      }
      long epoch = rs.getLong(1);
      long count = rs.getLong(2);
      return epoch != k.expectedEpoch()
          ? new StaleCommitException(k.runId(), true, "epoch is " + epoch
              + ", commit carries " + k.expectedEpoch())
          : new StaleCommitException(k.runId(), false, "journal has " + count
              + " entries, commit expected " + k.expectedCount());
    }
  }

  static void insertJournal(Tx tx, long key, List<JournalRecord> entries,
      CommitBatch batch)
      throws SQLException {
    PreparedStatement ps = entries.isEmpty() ? null : tx.prepare("INSERT INTO weft_journal"
        + " (run, seq, kind, step, at, data, blob, hash, attempt, started)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (JournalRecord e : entries) {
      ps.setLong(1, key);
      ps.setLong(2, e.seq());
      ps.setInt(3, e.kind().code());
      ps.setLong(4, e.step());
      ps.setLong(5, e.atMillis());
      Rows.bindPayload(ps, 6, e.payload());
      ps.setBytes(8, e.hash());
      if (e.attempt() == null) {
        ps.setNull(9, java.sql.Types.INTEGER);
        ps.setNull(10, java.sql.Types.BIGINT);
      } else {
        ps.setInt(9, e.attempt().attempt());
        ps.setLong(10, e.attempt().startedMillis());
      }
      CommitBatch.run(ps, batch);
    }
  }

  static void insertAttempts(Tx tx, long key, List<AttemptRecord> attempts,
      CommitBatch batch)
      throws SQLException {
    PreparedStatement ps = attempts.isEmpty() ? null : tx.prepare("INSERT INTO weft_attempts"
        + " (run, step, attempt, started, ended, outcome, failure) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (AttemptRecord a : attempts) {
      ps.setLong(1, key);
      ps.setLong(2, a.step());
      ps.setInt(3, a.attempt());
      ps.setLong(4, a.startedMillis());
      ps.setLong(5, a.endedMillis());
      ps.setInt(6, a.outcome().code());
      ps.setString(7, Rows.failureJson(a.failure()));
      CommitBatch.run(ps, batch);
    }
  }

  static void upsertToolCalls(Tx tx, long key, List<ToolCallRow> rows,
      CommitBatch batch) throws SQLException {
    PreparedStatement ps = rows.isEmpty() ? null : tx.prepare("INSERT INTO weft_tool_calls"
        + " (run, call_key, tool, step, status, intent_seq, result_seq, started, ended)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run, call_key) DO UPDATE SET"
        + " tool = excluded.tool, step = excluded.step, status = excluded.status,"
        + " intent_seq = excluded.intent_seq, result_seq = excluded.result_seq,"
        + " started = excluded.started, ended = excluded.ended");
    for (ToolCallRow r : rows) {
      ps.setLong(1, key);
      ps.setString(2, r.key());
      ps.setString(3, r.tool());
      ps.setLong(4, r.step());
      ps.setInt(5, r.status().code());
      ps.setLong(6, r.intentSeq());
      Rows.setNullableLong(ps, 7, r.resultSeq());
      ps.setLong(8, r.startedMillis());
      Rows.setNullableLong(ps, 9, r.endedMillis());
      CommitBatch.run(ps, batch);
    }
  }

  static void insertBlobs(Tx tx, List<Blob> blobs,
      CommitBatch batch) throws SQLException {
    PreparedStatement ps = blobs.isEmpty() ? null : tx.prepare("INSERT INTO weft_blobs"
        + " (hash, size, data) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING");
    for (Blob b : blobs) {
      ps.setString(1, b.hash());
      ps.setLong(2, b.bytes().length);
      ps.setBytes(3, b.bytes());
      CommitBatch.run(ps, batch);
    }
  }

  static void touchMeta(Tx tx) throws SQLException {
    PreparedStatement ps = tx.prepare("UPDATE weft_meta SET value = ? WHERE name = 'last_flush'");
    ps.setString(1, Long.toString(System.currentTimeMillis()));
    ps.executeUpdate();
  }
}
