package dev.weft.spi.jdbc;

import dev.weft.RunStatus;
import dev.weft.spi.Commit;
import dev.weft.spi.NewRun;
import dev.weft.spi.Store;
import dev.weft.spi.Waiting;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The step commits (and, where the dialect allows, run creations) of one group-commit
 * transaction bound into JDBC batches: each statement runs
 * once per batch instead of once per row, which on a networked database turns a few round trips
 * per commit into a few per transaction. Run updates go first so that every fence (epoch and
 * journal length) is checked before anything else is sent; a commit whose fence fails makes
 * the whole transaction run again one operation at a time, where it gets its own error.
 */
final class CommitBatch {
  private final Tx tx;
  private final Set<PreparedStatement> updates = new LinkedHashSet<>();
  private final Set<PreparedStatement> inserts = new LinkedHashSet<>();
  private final Set<Long> runs = new HashSet<>();
  private final Set<String> created = new HashSet<>();
  private final Dialect dialect;
  /** The last run key handed out in this transaction; 0 until a creation asks for one. */
  private long lastKey;

  CommitBatch(Tx tx, Dialect dialect) {
    this.tx = tx;
    this.dialect = dialect;
  }

  /**
   * Binds the creation of {@code n} into the batch under a key handed out here and returns what
   * it creates once the batch commits, or returns null without binding anything when it must
   * run on its own: the dialect takes run keys only from the database, or the batch already
   * creates a run of the same id.
   */
  Store.@Nullable Created create(NewRun n) throws SQLException {
    if (lastKey == 0) {
      lastKey = dialect.lastRunKey(tx);
    }
    if (lastKey < 0 || !created.add(n.runId())) {
      return null;
    }
    return JdbcWrites.create(tx, n, ++lastKey, this);
  }

  /**
   * Binds {@code k} into the batch and returns true, or returns false without binding anything
   * when it must run on its own: it consumes a signal or begins a signal wait (both read rows
   * first), or the batch already holds a commit of the same run.
   */
  boolean accepts(Commit k) throws SQLException {
    if (k.wakeup() != null && k.wakeup().signalSeq() != null) {
      return false;
    }
    Waiting w = k.update().waiting();
    if (k.update().status() == RunStatus.WAITING && w != null && w.key() != null) {
      return false;
    }
    if (!runs.add(k.runKey())) {
      return false;
    }
    JdbcWrites.commit(tx, k, this);
    return true;
  }

  /** Executes {@code ps} now, or adds its bound parameters to {@code batch}. */
  static void run(PreparedStatement ps, CommitBatch batch) throws SQLException {
    if (batch == null) {
      ps.executeUpdate();
    } else {
      ps.addBatch();
      batch.inserts.add(ps);
    }
  }

  /** Adds a fenced run update, which must match exactly one row. */
  void update(PreparedStatement ps) throws SQLException {
    ps.addBatch();
    updates.add(ps);
  }

  /**
   * Sends everything bound so far. Returns false, with nothing left bound, if a run update
   * matched no row: a fence failed and the caller must roll back.
   */
  boolean execute() throws SQLException {
    if (runs.isEmpty() && created.isEmpty()) {
      return true;
    }
    try {
      for (PreparedStatement ps : updates) {
        for (int n : ps.executeBatch()) {
          if (n != 1) {
            return false;
          }
        }
      }
      for (PreparedStatement ps : inserts) {
        ps.executeBatch();
      }
      return true;
    } finally {
      discard();
    }
  }

  /** Forgets whatever is bound (the statements are cached and used again). */
  void discard() {
    for (Set<PreparedStatement> set : List.of(updates, inserts)) {
      for (PreparedStatement ps : set) {
        try {
          ps.clearBatch();
        } catch (SQLException ignored) {
          // the statement is being abandoned with its transaction
        }
      }
      set.clear();
    }
    runs.clear();
    created.clear();
    // A creation run on its own after this may take the next key: read it again if needed.
    lastKey = 0;
  }
}
