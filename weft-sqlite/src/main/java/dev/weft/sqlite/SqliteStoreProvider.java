package dev.weft.sqlite;

import dev.weft.StoreException;
import dev.weft.spi.Store;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.StoreProvider;
import dev.weft.spi.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Opens SQLite stores for {@code sqlite:PATH} and {@code jdbc:sqlite:PATH} URLs.
 */
public final class SqliteStoreProvider implements StoreProvider {
  @Override
  public boolean accepts(String url) {
    return url.startsWith("sqlite:") || url.startsWith("jdbc:sqlite:");
  }

  @Override
  public Store open(String url, StoreOptions options) {
    String location = url.startsWith("jdbc:sqlite:") ? url.substring("jdbc:sqlite:".length())
        : url.substring("sqlite:".length());
    if (location.isBlank()) {
      throw new StoreException("SQLite URL '" + url + "' names no file");
    }
    return open(Path.of(location), options);
  }

  /**
   * The driver options a store's connections are opened with, before its busy timeout. Public so
   * that what Weft is measured against (the benchmarks' raw-commit baseline) opens its file the
   * same way.
   */
  public static SQLiteConfig connectionOptions() {
    SQLiteConfig config = new SQLiteConfig();
    // Weft never asks for generated keys; without this the driver runs an extra query after
    // every insert.
    config.setGetGeneratedKeys(false);
    // A connection is only ever used by one thread at a time (the group-commit leader, or the
    // borrower of a pooled read connection), and the driver serializes its calls anyway:
    // SQLite's own per-call mutex is pure cost.
    config.setOpenMode(SQLiteOpenMode.NOMUTEX);
    return config;
  }

  /** Opens (or, if allowed, creates) the store in the file at {@code path}. */
  public static JdbcStore open(Path path, StoreOptions options) {
    Path file = path.toAbsolutePath();
    if (!Files.exists(file)) {
      if (!options.create()) {
        throw new StoreException("no Weft database at " + path + " (the file does not exist)");
      }
      Path parent = file.getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new StoreException("cannot create " + path + ": directory " + parent
            + " does not exist");
      }
    } else if (Files.isDirectory(file)) {
      throw new StoreException(path + " is a directory, not a database file");
    }
    SQLiteConfig config = connectionOptions();
    config.setBusyTimeout((int) options.busyTimeout().toMillis());
    String jdbcUrl = "jdbc:sqlite:" + file;
    JdbcStore.Connector connector = () -> config.createConnection(jdbcUrl);
    Checkpointer checkpointer = new Checkpointer(connector,
        SqliteDialect.synchronousFor(options.durability()), path.toString());
    SqliteDialect dialect = new SqliteDialect(options.durability(),
        options.busyTimeout().toMillis(), checkpointer);
    SqliteStore store = new SqliteStore(dialect, connector, options, path.toString(),
        checkpointer);
    checkpointer.start();
    return store;
  }

  /** The JDBC store, with the WAL checkpointer stopped before its connections close. */
  static final class SqliteStore extends JdbcStore {
    private final Checkpointer checkpointer;

    SqliteStore(SqliteDialect dialect, Connector connector, StoreOptions options,
        String description, Checkpointer checkpointer) {
      super(dialect, connector, options, description);
      this.checkpointer = checkpointer;
    }

    Checkpointer checkpointer() {
      return checkpointer;
    }

    @Override
    public void close() {
      try {
        checkpointer.close();
      } finally {
        super.close();
      }
    }
  }
}
