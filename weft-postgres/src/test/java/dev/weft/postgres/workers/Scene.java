package dev.weft.postgres.workers;

import dev.weft.Weft;
import dev.weft.postgres.PostgresDatabase;
import dev.weft.testing.Effects;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker test's setting on the shared test server: a fresh schema for Weft's tables (the
 * store), the test's own tables in the public schema under a prefix, a client Weft that creates
 * the store and enqueues runs, and the arguments worker JVMs need.
 */
final class Scene implements AutoCloseable {
  final String weftUrl;
  final String dataUrl;
  final String prefix;
  final Weft client;
  /** A loop with the same name and version as the workers' (its effect never runs here). */
  final Effects loop = new Effects((run, step) -> {
    throw new IllegalStateException("the test process executes no effect");
  });
  private final List<WorkerProcess> workers = new ArrayList<>();

  Scene(PostgresDatabase db) {
    String schema = db.createSchema();
    this.weftUrl = db.url() + "&currentSchema=" + schema;
    this.dataUrl = db.url();
    this.prefix = "t_" + schema;
    db.execute("CREATE TABLE " + prefix + "_attempts (id BIGSERIAL PRIMARY KEY, run TEXT NOT NULL,"
        + " step INTEGER NOT NULL, pid BIGINT NOT NULL, dispatched BIGINT NOT NULL)",
        "CREATE TABLE " + prefix + "_effects (run TEXT NOT NULL, step INTEGER NOT NULL,"
            + " pid BIGINT NOT NULL, PRIMARY KEY (run, step))",
        "CREATE TABLE " + prefix + "_gauge (name TEXT PRIMARY KEY, now INTEGER NOT NULL,"
            + " high INTEGER NOT NULL)");
    this.client = Weft.builder().url(weftUrl).scheduler(false).register(loop).build();
  }

  /** Arguments of a worker JVM on this scene, followed by {@code more}. */
  List<String> args(String... more) {
    List<String> args = new ArrayList<>(List.of("weft=" + weftUrl, "data=" + dataUrl,
        "prefix=" + prefix));
    args.addAll(List.of(more));
    return args;
  }

  /** Starts a worker JVM (closed with the scene). */
  WorkerProcess worker(String... more) throws Exception {
    WorkerProcess w = WorkerProcess.start(args(more));
    synchronized (workers) {
      workers.add(w);
    }
    return w;
  }

  static String holdArg(Path hold) {
    return "hold=" + hold;
  }

  /** The rows of a query on the test's tables (or Weft's, schema-qualified), as strings. */
  List<List<String>> query(String sql) {
    try (Connection c = DriverManager.getConnection(dataUrl);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<List<String>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
    }
  }

  long count(String sql) {
    return Long.parseLong(query(sql).get(0).get(0));
  }

  /** Weft's runs table of this scene, qualified. */
  String runs() {
    return weftUrl.substring(weftUrl.lastIndexOf('=') + 1) + ".weft_runs";
  }

  @Override
  public void close() {
    synchronized (workers) {
      workers.forEach(WorkerProcess::close);
    }
    client.close();
  }
}
