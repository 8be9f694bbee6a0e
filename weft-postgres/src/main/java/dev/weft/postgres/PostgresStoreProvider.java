package dev.weft.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.StoreException;
import dev.weft.spi.Store;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.StoreProvider;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Opens PostgreSQL stores for {@code jdbc:postgresql://HOST[:PORT]/DB?user=...} and
 * {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB} URLs. The tables live in the connection's
 * current schema (the driver's {@code currentSchema} parameter picks another one).
 */
public final class PostgresStoreProvider implements StoreProvider {
  /** Advisory lock held while a store opens, so processes starting together migrate once. */
  private static final long OPEN_LOCK = 0x7765_6674_6f70_656eL;
  /** The writer and the readers of {@code JdbcStore}, and some to spare. */
  private static final int POOL_SIZE = 8;

  @Override
  public boolean accepts(String url) {
    return PostgresUrl.accepts(url);
  }

  @Override
  public Store open(String url, StoreOptions options) {
    PostgresUrl u = PostgresUrl.parse(url);
    PostgresDialect dialect = new PostgresDialect(options.durability(),
        options.busyTimeout().toMillis());
    // The first connection comes straight from the driver, so a wrong host, user or database
    // fails at once with the server's reason (a pool would keep retrying). It holds the open
    // lock while the store migrates the schema.
    try (Connection guard = new Driver().connect(u.jdbcUrl(), properties(u))) {
      guard.setAutoCommit(false);
      try (Statement st = guard.createStatement()) {
        st.execute("SELECT pg_advisory_xact_lock(" + OPEN_LOCK + ")");
      }
      HikariDataSource pool = new HikariDataSource(config(u, options));
      try {
        return new PostgresStore(dialect, pool, options, u.description());
      } catch (RuntimeException e) {
        pool.close();
        throw e;
      } finally {
        endQuietly(guard);
      }
    } catch (SQLException e) {
      RuntimeException mine = dialect.translate(e, u.description());
      throw mine != null ? mine : new StoreException("cannot open " + u.description() + ": "
          + e.getMessage(), e);
    }
  }

  /** Ends the guard's transaction, and with it the lock (closing the connection would too). */
  private static void endQuietly(Connection guard) {
    try {
      guard.rollback();
    } catch (SQLException ignored) {
      // the connection is closed next, which ends the transaction anyway
    }
  }

  private static Properties properties(PostgresUrl u) {
    Properties p = new Properties();
    p.setProperty("ApplicationName", "weft");
    // The step commits of one group commit go as JDBC batches; this makes each batch of
    // inserts one multi-row statement. A parameter in the URL still overrides it.
    p.setProperty("reWriteBatchedInserts", "true");
    if (u.user() != null) {
      p.setProperty("user", u.user());
    }
    if (u.password() != null) {
      p.setProperty("password", u.password());
    }
    return p;
  }

  private static HikariConfig config(PostgresUrl u, StoreOptions options) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("weft-postgres");
    config.setDriverClassName(Driver.class.getName());
    config.setJdbcUrl(u.jdbcUrl());
    config.setDataSourceProperties(properties(u));
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(Math.max(250, options.busyTimeout().toMillis()));
    config.setInitializationFailTimeout(-1); // the guard connection has checked already
    return config;
  }
}
