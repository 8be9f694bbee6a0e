package dev.weft.spi.jdbc;

import dev.weft.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit on one write connection. Each writer enqueues its operation and takes the lock;
 * whoever holds the lock (the leader) drains every queued operation, runs them in one
 * transaction (each under its own savepoint, so one refused operation does not undo the others)
 * and commits once, with one flush. A writer whose operation a previous leader already committed
 * just returns. A lone writer pays no hand-off: it is its own leader.
 */
final class GroupCommit {
  /** An operation inside the shared transaction. */
  @FunctionalInterface
  interface Op<T> {
    T apply(Tx tx) throws SQLException;
  }

  private static final int MAX_BATCH = 2048;

  private final Tx tx;
  private final Dialect dialect;
  private final boolean alwaysFlush;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
  private long batches;
  private long operations;

  GroupCommit(Connection connection, Dialect dialect, boolean alwaysFlush) {
    this.tx = new Tx(connection);
    this.dialect = dialect;
    this.alwaysFlush = alwaysFlush;
  }

  private static final class Pending<T> {
    final Op<T> op;
    final boolean flush;
    boolean done;
    T result;
    RuntimeException error;

    Pending(Op<T> op, boolean flush) {
      this.op = op;
      this.flush = flush;
    }
  }

  /** Runs {@code op} in a (possibly shared) transaction and returns once it is committed. */
  <T> T execute(Op<T> op, boolean flush, JdbcStore.ErrorTranslator errors) {
    Pending<T> p = new Pending<>(op, flush);
    queue.add(p);
    lock.lock();
    try {
      if (!p.done) {
        runBatch(errors);
      }
    } finally {
      lock.unlock();
    }
    if (p.error != null) {
      throw p.error;
    }
    return p.result;
  }

  /** Runs {@code op} alone under the lock, outside group commit (schema set-up, maintenance). */
  <T> T exclusive(Op<T> op, JdbcStore.ErrorTranslator errors) {
    lock.lock();
    try {
      return op.apply(tx);
    } catch (SQLException e) {
      throw errors.translate(e, "exclusive operation");
    } finally {
      lock.unlock();
    }
  }

  /** Closes the cached statements (the connection itself belongs to {@link Connections}). */
  void close() {
    lock.lock();
    try {
      tx.close();
    } finally {
      lock.unlock();
    }
  }

  long batches() {
    return batches;
  }

  long operations() {
    return operations;
  }

  private void runBatch(JdbcStore.ErrorTranslator errors) {
    List<Pending<?>> batch = new ArrayList<>();
    Pending<?> next;
    while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
      batch.add(next);
    }
    if (batch.isEmpty()) {
      return;
    }
    boolean flush = alwaysFlush;
    for (Pending<?> p : batch) {
      flush |= p.flush;
    }
    try {
      dialect.begin(tx, flush);
      if (batch.size() == 1) {
        runAlone(batch.get(0));
      } else {
        for (Pending<?> p : batch) {
          runUnderSavepoint(p);
        }
      }
      dialect.commit(tx, flush);
      batches++;
      operations += batch.size();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      RuntimeException failure = e instanceof SQLException s ? errors.translate(s, "commit")
          : (RuntimeException) e;
      for (Pending<?> p : batch) {
        if (p.error == null) {
          p.error = failure;
        }
      }
    } finally {
      for (Pending<?> p : batch) {
        p.done = true;
      }
    }
  }

  private <T> void runAlone(Pending<T> p) throws SQLException {
    p.result = p.op.apply(tx);
  }

  private <T> void runUnderSavepoint(Pending<T> p) throws SQLException {
    // Savepoints by SQL rather than the JDBC API: drivers differ in how the API interacts with
    // transactions begun by statement (SQLite's driver would switch auto-commit off).
    tx.execute("SAVEPOINT weft_op");
    try {
      p.result = p.op.apply(tx);
      tx.execute("RELEASE SAVEPOINT weft_op");
    } catch (SQLException | RuntimeException e) {
      tx.execute("ROLLBACK TO SAVEPOINT weft_op");
      tx.execute("RELEASE SAVEPOINT weft_op");
      p.error = e instanceof RuntimeException r ? r
          : new StoreException("database error: " + e.getMessage(), e);
    }
  }

  private void rollbackQuietly() {
    try {
      dialect.rollback(tx);
    } catch (SQLException ignored) {
      // The transaction is gone either way; the operations report the original error.
    }
  }
}
