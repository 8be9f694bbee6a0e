package dev.weft.postgres;

import dev.weft.spi.Store;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wake-ups over LISTEN/NOTIFY. A trigger on {@code weft_runs} sends a notice on channel {@value
 * #CHANNEL}, with the run's queue as payload, in the very transaction that makes a run runnable
 * by a worker: a run enqueued, released without finishing, paused or put to wait with a wake-up
 * time (which may be later: the worker then knows to look again at that time), or made due by a
 * signal. PostgreSQL delivers the notice when that transaction commits, and folds duplicates of
 * one transaction into one. A listener holds one connection of its own and waits on it.
 */
final class PostgresNotices implements Store.Listening {
  static final String CHANNEL = "weft_runnable";
  private static final System.Logger LOG = System.getLogger("dev.weft.postgres");
  private static final int WAIT_MILLIS = 500;

  static List<String> schema() {
    return List.of(
        "CREATE OR REPLACE FUNCTION weft_notify_runnable() RETURNS trigger AS $$ BEGIN"
            + " PERFORM pg_notify('" + CHANNEL + "', COALESCE(NEW.queue, ''));"
            + " RETURN NULL; END; $$ LANGUAGE plpgsql",
        // Only the columns that make a run runnable: the per-step progress commits (steps,
        // state, chain) do not fire it.
        "CREATE TRIGGER weft_runs_runnable AFTER INSERT OR UPDATE OF status, lease_owner,"
            + " wake_at, queue ON weft_runs FOR EACH ROW WHEN (NEW.lease_owner IS NULL AND"
            + " (NEW.status = 'RUNNING' OR (NEW.status IN ('PENDING', 'WAITING', 'PAUSED')"
            + " AND NEW.wake_at IS NOT NULL)))"
            + " EXECUTE FUNCTION weft_notify_runnable()");
  }

  private final DataSource pool;
  private final Consumer<String> listener;
  private final Thread thread;
  private volatile boolean closed;

  PostgresNotices(DataSource pool, Consumer<String> listener) {
    this.pool = pool;
    this.listener = listener;
    this.thread = Thread.ofPlatform().daemon().name("weft-postgres-listen").start(this::run);
  }

  private void run() {
    while (!closed) {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + CHANNEL);
        }
        // Notices sent while not listening are lost: tell the listener to look once now.
        listener.accept("");
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(WAIT_MILLIS);
          if (got != null) {
            for (PGNotification n : got) {
              listener.accept(n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.log(Level.WARNING, "listening for runnable runs failed; workers poll meanwhile,"
            + " listening again in 1 s: " + e.getMessage());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(WAIT_MILLIS * 4L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
