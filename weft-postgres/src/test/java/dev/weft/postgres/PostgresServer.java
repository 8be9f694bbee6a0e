package dev.weft.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One real PostgreSQL server per test JVM, started from the machine's binaries on the first
 * call to {@link #shared()}: {@code initdb} into a temp directory, the server on 127.0.0.1 at a
 * free port with {@code fsync=on}, stopped (immediate mode) and deleted when the JVM exits. Its
 * log is copied to {@code target/postgres-server.log} then. No binaries, or no way to run them,
 * is an error, never a skip.
 */
public final class PostgresServer {
  private static @Nullable PostgresServer shared;
  private static @Nullable RuntimeException startFailure;

  private final Path bin;
  private final ServerUser user;
  private final Path dir;
  private final AtomicInteger databases = new AtomicInteger();
  private int port;

  private PostgresServer(Path bin, ServerUser user, Path dir) {
    this.bin = bin;
    this.user = user;
    this.dir = dir;
  }

  /** The server of this JVM, started on first use. */
  public static synchronized PostgresServer shared() {
    if (startFailure != null) {
      throw new IllegalStateException("the test PostgreSQL server failed to start earlier: "
          + startFailure.getMessage(), startFailure);
    }
    if (shared == null) {
      try {
        shared = start();
      } catch (IOException e) {
        startFailure = new UncheckedIOException(e.getMessage(), e);
        throw startFailure;
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
    }
    return shared;
  }

  public int port() {
    return port;
  }

  /** The server's log while it runs. */
  public Path log() {
    return dir.resolve("server.log");
  }

  /** The JDBC URL of {@code database}, as the superuser {@code postgres}. */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  /** Creates a new empty database ({@code weft_test_N}) and returns its name. */
  public String createDatabase() {
    String name = "weft_test_" + databases.incrementAndGet();
    execute(url("postgres"), "CREATE DATABASE " + name);
    return name;
  }

  /** Runs statements on {@code url} (set-up and inspection in tests). */
  public static void execute(String url, String... sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + List.of(sql) + " on " + url + ": "
          + e.getMessage(), e);
    }
  }

  private static PostgresServer start() throws IOException {
    Path bin = Binaries.find();
    StaleServers.clean();
    List<String> failures = new ArrayList<>();
    for (ServerUser way : ServerUser.candidates()) {
      Path dir = StaleServers.newDirectory();
      way.own(dir);
      Path out = dir.resolve("initdb.out");
      int rc = run(way, dir, out, List.of(bin.resolve("initdb").toString(), "-D", "data",
          "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
      if (rc == 0) {
        PostgresServer server = new PostgresServer(bin, way, dir);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "weft-test-postgres-stop"));
        server.launch();
        System.err.println("test PostgreSQL server from " + bin + " on 127.0.0.1:" + server.port
            + ", run " + way.how() + "; log " + server.log());
        return server;
      }
      failures.add(way.how() + ": initdb exited with " + rc + ": " + Files.readString(out));
      StaleServers.delete(dir);
    }
    throw new IllegalStateException("cannot run PostgreSQL's binaries in " + bin
        + " from this process: " + (failures.isEmpty() ? "no way to run them is left (is"
        + " weft.pg.runas set to something other than runuser or unshare?)"
        : String.join("\n", failures)));
  }

  private void launch() throws IOException {
    Path sock = Files.createDirectory(dir.resolve("sock"));
    user.own(sock);
    for (int attempt = 1; ; attempt++) {
      port = freePort();
      int rc = run(user, dir, dir.resolve("start.out"), List.of(bin.resolve("pg_ctl").toString(),
          "-D", "data", "-l", log().toString(), "-w", "-t", "60", "-o", "-k " + sock
          + " -c listen_addresses=127.0.0.1 -p " + port + " -c fsync=on", "start"));
      if (rc == 0) {
        return;
      }
      String log = Files.exists(log()) ? Files.readString(log()) : "";
      if (attempt < 3 && log.contains("could not bind")) {
        continue; // another process took the port in between; pick another
      }
      throw new IllegalStateException("the test PostgreSQL server (" + user.how() + ") did not"
          + " start; pg_ctl exited with " + rc + ": " + Files.readString(dir.resolve("start.out"))
          + "\nserver log " + log() + ":\n" + log);
    }
  }

  private static int run(ServerUser way, Path dir, Path out, List<String> command)
      throws IOException {
    try {
      return way.run(dir, out, command, 120);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void stop() {
    try {
      run(user, dir, dir.resolve("stop.out"), List.of(bin.resolve("pg_ctl").toString(), "-D",
          "data", "stop", "-m", "immediate", "-w", "-t", "30"));
    } catch (IOException e) {
      System.err.println("could not stop the test PostgreSQL server: " + e.getMessage());
    }
    StaleServers.killPostmaster(dir);
    try {
      Path target = Path.of("target");
      if (Files.isDirectory(target) && Files.exists(log())) {
        Files.copy(log(), target.resolve("postgres-server.log"),
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.err.println("could not keep the test PostgreSQL log: " + e.getMessage());
    }
    StaleServers.delete(dir);
  }
}
