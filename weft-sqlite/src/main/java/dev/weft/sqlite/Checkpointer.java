package dev.weft.sqlite;

import dev.weft.spi.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Copies committed WAL pages back into the database file on a thread of its own, so that the
 * writer's commits never wait for it. SQLite would otherwise do this inside the commit that
 * crosses its auto-checkpoint size, holding up every run that shares that group commit; the
 * writer keeps a much larger auto-checkpoint size only as a backstop.
 *
 * <p>It checkpoints after a number of commits, adapted so that each checkpoint copies about
 * {@link #TARGET_FRAMES} pages (SQLite's own auto-checkpoint size): one commit of a large
 * group writes hundreds of pages, one step of a sequential run a few. Checkpoints are PASSIVE:
 * they never block the writer or a reader, and one that another process holds off is simply
 * tried again later. Crash safety is SQLite's: only committed frames are copied.
 */
final class Checkpointer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Checkpointer.class.getName());
  static final int TARGET_FRAMES = 1000;
  /** The writer's auto-checkpoint size while this runs: 32 MiB of 4 KiB pages. */
  static final int BACKSTOP_FRAMES = 8192;
  private static final int MAX_EVERY = 4096;

  private final JdbcStore.Connector connector;
  private final String synchronous;
  private final Thread thread;
  private final Object lock = new Object();
  private int commits;
  private int every = 16;
  private long lastLogFrames;
  private long checkpoints;
  private boolean closed;
  private @Nullable Connection connection;

  Checkpointer(JdbcStore.Connector connector, String synchronous, String name) {
    this.connector = connector;
    this.synchronous = synchronous;
    this.thread = Thread.ofPlatform().daemon().name("weft-sqlite-checkpoint " + name)
        .unstarted(this::loop);
  }

  void start() {
    thread.start();
  }

  /** Called by the writer after each commit. */
  void committed() {
    synchronized (lock) {
      if (++commits >= every) {
        lock.notifyAll();
      }
    }
  }

  /** Checkpoints run so far (for tests). */
  long checkpoints() {
    synchronized (lock) {
      return checkpoints;
    }
  }

  private void loop() {
    while (true) {
      synchronized (lock) {
        while (!closed && commits < every) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        commits = 0;
      }
      checkpoint();
    }
  }

  private void checkpoint() {
    try {
      if (connection == null) {
        Connection c = connector.connect();
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA synchronous = " + synchronous);
        }
        connection = c;
      }
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        if (rs.next()) {
          adapt(rs.getLong(2));
        }
      }
    } catch (SQLException e) {
      // Tried again after the next commits; a broken connection is opened anew.
      LOG.log(Level.FINE, "WAL checkpoint failed", e);
      closeConnection();
    }
  }

  /** Spaces checkpoints so that each copies about {@link #TARGET_FRAMES} pages. */
  private void adapt(long logFrames) {
    // The WAL restarts from its beginning once it was copied whole; then every frame is new.
    long fresh = logFrames >= lastLogFrames ? logFrames - lastLogFrames : logFrames;
    lastLogFrames = logFrames;
    synchronized (lock) {
      checkpoints++;
      if (fresh < TARGET_FRAMES / 2) {
        every = Math.min(MAX_EVERY, every * 2);
      } else if (fresh > TARGET_FRAMES * 2) {
        every = Math.max(1, every / 2);
      }
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
      connection = null;
    }
  }

  /** Stops the thread and closes its connection; the writer's close does the last checkpoint. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      closeConnection();
    }
  }
}
