package dev.weft.spi.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One write connection (used only under group commit's lock) and a small pool of read
 * connections, opened on demand.
 */
final class Connections implements AutoCloseable {
  private static final int READERS = 4;

  private final JdbcStore.Connector connector;
  private final Dialect dialect;
  private final JdbcStore.ErrorTranslator errors;
  private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(READERS);
  private final List<Connection> all = new ArrayList<>();
  private Connection writer;
  private boolean closed;

  Connections(JdbcStore.Connector connector, Dialect dialect, JdbcStore.ErrorTranslator errors) {
    this.connector = connector;
    this.dialect = dialect;
    this.errors = errors;
  }

  synchronized Connection writer() {
    if (writer == null) {
      writer = open(true);
    }
    return writer;
  }

  /**
   * Closes the write connection and opens a new one, after the old one broke (the server
   * dropped it, or restarted).
   */
  synchronized Connection reopenWriter() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
    if (writer != null) {
      all.remove(writer);
      closeQuietly(writer);
      writer = null;
    }
    return writer();
  }

  /** A read on a pooled connection. */
  @FunctionalInterface
  interface Read<T> {
    T apply(Connection connection) throws SQLException;
  }

  /**
   * Runs a read on a pooled connection. A read that failed because its connection broke (the
   * server dropped it) runs again once on another connection: reads change nothing.
   */
  <T> T read(Read<T> op) {
    for (int attempt = 1; ; attempt++) {
      Connection c = take();
      boolean healthy = true;
      try {
        return op.apply(c);
      } catch (SQLException e) {
        healthy = false;
        if (attempt == 1 && !isValid(c)) {
          continue;
        }
        throw errors.translate(e, "read");
      } finally {
        giveBack(c, healthy);
      }
    }
  }

  private Connection take() {
    Connection c = idle.poll();
    if (c != null) {
      return c;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("store is closed");
      }
      if (all.size() < READERS + 1) {
        return open(false);
      }
    }
    try {
      return idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a read connection", e);
    }
  }

  private void giveBack(Connection c, boolean healthy) {
    if (healthy && !closed && idle.offer(c)) {
      return;
    }
    synchronized (this) {
      all.remove(c);
    }
    closeQuietly(c);
  }

  private synchronized Connection open(boolean forWriting) {
    try {
      Connection c = connectAndConfigure(forWriting);
      // Readers cache their prepared statements; the writer has its own cache in Tx.
      Connection pooled = forWriting ? c : StatementCache.wrap(c);
      all.add(pooled);
      return pooled;
    } catch (SQLException e) {
      throw errors.translate(e, "connect");
    }
  }

  private Connection connectAndConfigure(boolean forWriting) throws SQLException {
    long started = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      Connection c = connector.connect();
      try {
        dialect.configure(c, forWriting);
        return c;
      } catch (SQLException e) {
        // A pool may hand out a connection the server has just dropped: closing it makes the
        // pool discard it, and the next one is fresh.
        boolean dead = !isValid(c);
        closeQuietly(c);
        if (dead && attempt <= 3) {
          continue;
        }
        long budget = dialect.reconnectMillis(e);
        if ((System.nanoTime() - started) / 1_000_000 >= budget) {
          throw e;
        }
        try {
          Thread.sleep(Math.min(50, attempt * 2L));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Connection c : all) {
      closeQuietly(c);
    }
    all.clear();
    idle.clear();
  }

  private static boolean isValid(Connection c) {
    try {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing; nothing useful to do
    }
  }
}
