package dev.weft.postgres;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.jspecify.annotations.Nullable;

/**
 * A fresh database on the JVM's {@link PostgresServer} for one test class. Register it on a
 * static field:
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();
 * ... Weft.open(db.url()) ...
 * }</pre>
 *
 * <p>A failing test gets the server log's path attached, so the report says where to look.
 */
public final class PostgresDatabase implements BeforeAllCallback, TestExecutionExceptionHandler,
    LifecycleMethodExecutionExceptionHandler {
  private final AtomicInteger schemas = new AtomicInteger();
  private @Nullable PostgresServer server;
  private @Nullable String name;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = PostgresServer.shared();
    name = server.createDatabase();
  }

  /** The JDBC URL of this class's database. */
  public String url() {
    return server().url(database());
  }

  /** The name of this class's database. */
  public String name() {
    return database();
  }

  /** Creates another fresh database on the same server and returns its URL. */
  public String newDatabase() {
    return server().url(server().createDatabase());
  }

  /**
   * Creates a fresh schema in this class's database and returns a URL whose connections work in
   * it: an empty store far cheaper than a new database.
   */
  public String newSchema() {
    return url() + "&currentSchema=" + createSchema();
  }

  /** Creates a fresh schema in this class's database and returns its name. */
  public String createSchema() {
    String schema = "s" + schemas.incrementAndGet();
    PostgresServer.execute(url(), "CREATE SCHEMA " + schema);
    return schema;
  }

  /** Runs statements in this class's database. */
  public void execute(String... sql) {
    PostgresServer.execute(url(), sql);
  }

  public PostgresServer server() {
    if (server == null) {
      throw new IllegalStateException("PostgresDatabase is used before its test class started;"
          + " register it with @RegisterExtension on a static field");
    }
    return server;
  }

  private String database() {
    server();
    if (name == null) {
      throw new IllegalStateException("the test database was not created");
    }
    return name;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    throw withLog(t);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    throw withLog(t);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    throw withLog(t);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    throw withLog(t);
  }

  private Throwable withLog(Throwable t) {
    if (server != null) {
      String where = "PostgreSQL server log: " + server.log()
          + " (copied to target/postgres-server.log when the JVM exits)";
      System.err.println(where);
      t.addSuppressed(new ServerLog(where));
    }
    return t;
  }

  /** Carries the log's location into the failure report. */
  private static final class ServerLog extends Exception {
    ServerLog(String message) {
      super(message, null, false, false);
    }
  }
}
