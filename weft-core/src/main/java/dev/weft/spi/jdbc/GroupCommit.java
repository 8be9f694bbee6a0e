package dev.weft.spi.jdbc;

import dev.weft.StoreException;
import dev.weft.spi.Commit;
import dev.weft.spi.NewRun;
import dev.weft.spi.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Group commit on one write connection. Each writer enqueues its operation and tries to become
 * the leader by taking the lock; the leader drains every queued operation, runs them in one
 * transaction (optimistically, without a savepoint each: when one is refused, the transaction
 * is rolled back and the others run again without it), commits once with one flush, and starts
 * waking the writers it served (each woken writer wakes two more, so the leader is not held up
 * by hundreds of wake-ups). A writer that is not the leader parks until its operation is done
 * or until it is woken to lead the next batch; it never needs the lock just to learn that it is
 * done, so a thousand served writers do not queue on the lock one after another. A lone writer
 * pays no hand-off: it is its own leader.
 *
 * <p>When the connection breaks (the server dropped it or restarted), the transaction is run
 * again once on a new connection if it broke before its commit was sent; a commit whose
 * outcome is unknown is reported as failed (the fences make a repeat of it refuse, never apply
 * twice).
 */
final class GroupCommit {
  /** An operation inside the shared transaction. */
  @FunctionalInterface
  interface Op<T> {
    T apply(Tx tx) throws SQLException;
  }

  /** A run's creation, which a dialect that hands out run keys binds into the shared batch. */
  record CreateOp(NewRun run) implements Op<Store.Created> {
    @Override
    public Store.Created apply(Tx tx) throws SQLException {
      return JdbcWrites.create(tx, run);
    }
  }

  /** A run's commit, which a dialect that batches statements binds into the shared batch. */
  record CommitOp(Commit commit) implements Op<Void> {
    @Override
    public Void apply(Tx tx) throws SQLException {
      JdbcWrites.commit(tx, commit);
      return null;
    }
  }

  private static final int MAX_BATCH = 2048;
  private static final int GATHER_YIELDS = 8;

  private Tx tx;
  private final Supplier<Connection> reopen;
  private final Dialect dialect;
  private final boolean alwaysFlush;
  private final boolean batching;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private int lastBatch;
  private long batches;
  private long operations;
  private long batchedTransactions;
  private long reconnects;

  /** Marks an attempt that failed because the connection broke before its commit was sent. */
  private static final Pending<Void> BROKEN = new Pending<>(t -> null, false);

  /** The error of the last attempt that returned {@link #BROKEN}. */
  private Exception brokenBy;

  GroupCommit(Connection connection, Supplier<Connection> reopen, Dialect dialect,
      boolean alwaysFlush) {
    this.tx = new Tx(connection);
    this.reopen = reopen;
    this.dialect = dialect;
    this.alwaysFlush = alwaysFlush;
    this.batching = dialect.batchesStatements();
  }

  private static final class Pending<T> {
    final Op<T> op;
    final boolean flush;
    final Thread waiter = Thread.currentThread();
    volatile boolean done;
    /** The operations committed together with this one, and its place among them. */
    Pending<?>[] served;
    int index;
    T result;
    RuntimeException error;

    Pending(Op<T> op, boolean flush) {
      this.op = op;
      this.flush = flush;
    }

    /** Wakes this operation's two children in the wake-up tree of its batch. */
    void wakeChildren() {
      Pending<?>[] all = served;
      if (all == null) {
        return;
      }
      Thread self = Thread.currentThread();
      for (int child = 2 * index + 1; child <= 2 * index + 2 && child < all.length; child++) {
        if (all[child].waiter != self) {
          LockSupport.unpark(all[child].waiter);
        }
      }
    }
  }

  /** Runs {@code op} in a (possibly shared) transaction and returns once it is committed. */
  <T> T execute(Op<T> op, boolean flush, JdbcStore.ErrorTranslator errors) {
    Pending<T> p = new Pending<>(op, flush);
    queue.add(p);
    queued.incrementAndGet();
    try {
      while (!p.done) {
        if (lock.tryLock()) {
          try {
            while (!p.done) {
              runBatch(errors);
            }
          } finally {
            lock.unlock();
            // Operations queued while this batch ran: wake one of their writers to lead next.
            Pending<?> next = queue.peek();
            if (next != null) {
              LockSupport.unpark(next.waiter);
            }
          }
        } else {
          // The leader will either serve this operation and wake us, or wake us to lead.
          LockSupport.park(this);
        }
      }
    } catch (RuntimeException | Error e) {
      // Leaving without the operation done (an error while leading): no leader may run it
      // later for a writer that is gone.
      if (queue.remove(p)) {
        queued.decrementAndGet();
      }
      throw e;
    } finally {
      // Whether woken or not (it may have seen the flag before parking), pass the wake-up on.
      p.wakeChildren();
    }
    // result and error were written before the volatile done flag, so they are visible here.
    if (p.error != null) {
      throw p.error;
    }
    return p.result;
  }

  /**
   * When the last batch was large but few operations are queued yet, the writers it served are
   * still computing their next step: give them a moment (a few yields, no sleeping) so the next
   * transaction carries more of them. A lone writer never waits.
   */
  private void gather() {
    for (int i = 0; i < GATHER_YIELDS && lastBatch > 1 && queued.get() < lastBatch / 2; i++) {
      Thread.yield();
    }
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

  long batchedTransactions() {
    return batchedTransactions;
  }

  private void runBatch(JdbcStore.ErrorTranslator errors) {
    gather();
    List<Pending<?>> batch = new ArrayList<>();
    Pending<?> next;
    while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
      batch.add(next);
    }
    queued.addAndGet(-batch.size());
    lastBatch = batch.size();
    if (batch.isEmpty()) {
      return;
    }
    try {
      // Optimistically run every operation in one transaction, without a savepoint each. An
      // operation that fails (a stale lease, a changed run) is rare: then the transaction is
      // rolled back, that operation gets its error, and the others run again from the same
      // database state, which they do not depend on each other for.
      List<Pending<?>> live = new ArrayList<>(batch);
      boolean reopened = false;
      while (!live.isEmpty()) {
        Pending<?> refused = attempt(live, errors);
        if (refused == null) {
          break;
        }
        if (refused == BROKEN) {
          if (reopened) {
            failAll(live, brokenBy, errors);
            break;
          }
          if (!reopen(live, errors)) {
            break;
          }
          reopened = true;
          continue;
        }
        live.remove(refused);
      }
    } finally {
      release(batch.toArray(new Pending<?>[0]));
    }
  }

  /**
   * Marks {@code served} done and starts waking their writers. Waking a parked thread costs a
   * few microseconds each, which for hundreds of writers would be time the database sits idle:
   * this wakes one, and each woken writer wakes two more (a binary tree over the batch), while
   * the leader goes on.
   *
   * <p>The flags are set from the last operation to the first: a writer may see its own flag
   * before it is woken (it had not parked yet) and wake its children at once, and they must
   * then find theirs set, or they would park again with nobody left to wake them.
   */
  private static void release(Pending<?>[] served) {
    for (int i = 0; i < served.length; i++) {
      served[i].served = served;
      served[i].index = i;
    }
    for (int i = served.length - 1; i >= 0; i--) {
      served[i].done = true;
    }
    if (served[0].waiter != Thread.currentThread()) {
      LockSupport.unpark(served[0].waiter);
    }
  }

  /**
   * Runs {@code ops} in one transaction. Returns the operation that failed (its error set, the
   * transaction rolled back), or null when all were committed or the transaction itself failed
   * (then every operation carries that error).
   */
  private Pending<?> attempt(List<Pending<?>> ops, JdbcStore.ErrorTranslator errors) {
    boolean flush = alwaysFlush;
    for (Pending<?> p : ops) {
      flush |= p.flush;
    }
    if (batching && ops.size() > 1 && attemptBatched(ops, flush, errors)) {
      return null;
    }
    try {
      dialect.begin(tx, flush);
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      if (broken(e)) {
        return BROKEN;
      }
      failAll(ops, e, errors);
      return null;
    }
    for (Pending<?> p : ops) {
      try {
        run(p);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly();
        if (broken(e)) {
          return BROKEN;
        }
        p.error = e instanceof RuntimeException r ? r : errors.translate((SQLException) e, "commit");
        return p;
      }
    }
    try {
      dialect.commit(tx, flush);
      batches++;
      operations += ops.size();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      failAll(ops, e, errors);
    }
    return null;
  }

  /**
   * Runs {@code ops} in one transaction with their step commits bound into JDBC batches.
   * Returns true when they were committed, or when the commit itself failed (then every
   * operation carries that error); false, with the transaction rolled back, when an operation
   * failed or a fence refused a commit: then they run again one at a time, which finds it.
   */
  private boolean attemptBatched(List<Pending<?>> ops, boolean flush,
      JdbcStore.ErrorTranslator errors) {
    CommitBatch batch = new CommitBatch(tx, dialect);
    try {
      dialect.begin(tx, flush);
      for (Pending<?> p : ops) {
        if (p.op instanceof CommitOp c && batch.accepts(c.commit())) {
          continue;
        }
        if (p.op instanceof CreateOp c && bindCreate(batch, c, p)) {
          continue;
        }
        if (!batch.execute()) {
          rollbackQuietly();
          return false;
        }
        run(p);
      }
      if (!batch.execute()) {
        rollbackQuietly();
        return false;
      }
    } catch (SQLException | RuntimeException e) {
      batch.discard();
      rollbackQuietly();
      return false;
    }
    try {
      dialect.commit(tx, flush);
      batches++;
      batchedTransactions++;
      operations += ops.size();
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly();
      failAll(ops, e, errors);
    }
    return true;
  }

  /**
   * Binds a creation into the batch, with the run it creates as its result should the batch
   * commit (a batch that runs again one operation at a time sets the result afresh).
   */
  @SuppressWarnings("unchecked")
  private static boolean bindCreate(CommitBatch batch, CreateOp c, Pending<?> p)
      throws SQLException {
    Store.Created created = batch.create(c.run());
    if (created == null) {
      return false;
    }
    ((Pending<Store.Created>) p).result = created;
    return true;
  }

  /**
   * Whether {@code e} came with the connection broken (then it is remembered in {@link
   * #brokenBy}). Asked only after an error, so the hot path never pays for the check.
   */
  private boolean broken(Exception e) {
    if (!(e instanceof SQLException)) {
      return false;
    }
    boolean valid;
    try {
      valid = tx.connection().isValid(2);
    } catch (SQLException check) {
      valid = false;
    }
    if (!valid) {
      brokenBy = e;
    }
    return !valid;
  }

  /** Replaces the broken connection; false (every operation failed) if no new one opens. */
  private boolean reopen(List<Pending<?>> ops, JdbcStore.ErrorTranslator errors) {
    Connection fresh;
    try {
      fresh = reopen.get();
    } catch (RuntimeException e) {
      failAll(ops, e, errors);
      return false;
    }
    tx.close();
    tx = new Tx(fresh);
    reconnects++;
    return true;
  }

  /** How many times the write connection was replaced after it broke. */
  long reconnects() {
    return reconnects;
  }

  private <T> void run(Pending<T> p) throws SQLException {
    p.result = p.op.apply(tx);
  }

  private static void failAll(List<Pending<?>> ops, Exception e,
      JdbcStore.ErrorTranslator errors) {
    RuntimeException failure = e instanceof SQLException s ? errors.translate(s, "commit")
        : (RuntimeException) e;
    for (Pending<?> p : ops) {
      p.error = failure;
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
