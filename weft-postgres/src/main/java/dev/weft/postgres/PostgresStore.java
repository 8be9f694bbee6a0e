package dev.weft.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.jdbc.JdbcStore;
import java.util.function.Consumer;

/** The shared JDBC store on a HikariCP pool, which it closes with itself. */
final class PostgresStore extends JdbcStore {
  private final HikariDataSource pool;

  PostgresStore(PostgresDialect dialect, HikariDataSource pool, StoreOptions options,
      String description) {
    super(dialect, pool::getConnection, options, description);
    this.pool = pool;
  }

  @Override
  public Listening listen(Consumer<String> listener) {
    return new PostgresNotices(pool, listener);
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      pool.close();
    }
  }
}
