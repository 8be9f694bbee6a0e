package dev.weft.postgres.workers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.Queue;
import dev.weft.Weft;
import dev.weft.Worker;
import dev.weft.WorkerOptions;
import dev.weft.testing.Effects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A worker JVM for the scale-out tests: a {@link Worker} on PostgreSQL executing {@link Effects}
 * runs. Each effect is recorded in the test's tables (in the database's public schema; Weft's
 * own tables are in another schema): one row per attempt in {@code <tables>_attempts} (run,
 * step, pid, and when the execution was dispatched, read from the lease the claim set), and
 * one row per effect in {@code <tables>_effects}, whose primary key (run, step)
 * keeps a repeated effect from being stored twice. With {@code gauge=true} the effect also
 * counts how many effects run at once, overall and in this process ({@code <tables>_gauge}).
 * The effect returns this process's pid: the journal shows whose result was recorded.
 *
 * <p>Protocol lines on stdout: {@code WEFT OPENED <pid>}, {@code WEFT TOOL <run> <step>} as an
 * effect begins, {@code WEFT CLOSING} once SIGTERM made the worker drain, {@code WEFT STOPPED}.
 * With {@code hold=PATH}, an effect waits while that file exists.
 *
 * <p>Arguments are {@code key=value}: {@code weft} (store URL), {@code tables} (URL of the
 * test's tables and their name prefix, as {@code data=URL}, {@code prefix=NAME}), {@code
 * concurrency}, {@code ttlMillis}, {@code pollMillis}, {@code drainMillis}, {@code workMillis}
 * (how long an effect takes), {@code queue}, {@code queueConcurrency}, {@code perWorker},
 * {@code rate}, {@code ratePeriodMillis}, {@code gauge}, {@code hold}.
 */
public final class WorkerChild {
  private WorkerChild() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    long pid = ProcessHandle.current().pid();
    String prefix = a.get("prefix");
    long workMillis = Long.parseLong(a.getOrDefault("workMillis", "0"));
    boolean gauge = Boolean.parseBoolean(a.getOrDefault("gauge", "false"));
    Path hold = a.containsKey("hold") ? Path.of(a.get("hold")) : null;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(a.get("data"));
    config.setMaximumPoolSize(4);
    config.setPoolName("effects");
    // The test's own records need not wait for the disk: the server outlives the workers.
    config.setConnectionInitSql("SET synchronous_commit = off");
    HikariDataSource data = new HikariDataSource(config);
    long ttl = Long.parseLong(a.getOrDefault("ttlMillis", "2000"));
    java.util.concurrent.atomic.AtomicReference<Weft> opened =
        new java.util.concurrent.atomic.AtomicReference<>();
    Effects loop = new Effects((run, step) -> {
      // When this execution was dispatched: the claim set the lease to end one TTL later (and
      // the heartbeat renews it only after a third of the TTL).
      long dispatched = opened.get().store().find(run).orElseThrow().lease().untilMillis()
          - ttl;
      out("TOOL " + run + " " + step);
      while (hold != null && Files.exists(hold)) {
        Thread.sleep(10);
      }
      if (gauge) {
        count(data, prefix, pid, 1);
      }
      try {
        if (workMillis > 0) {
          Thread.sleep(workMillis);
        }
        record(data, prefix, run, step, pid, dispatched);
      } finally {
        if (gauge) {
          count(data, prefix, pid, -1);
        }
      }
      return pid;
    });
    Queue queue = Queue.named(a.getOrDefault("queue", Queue.DEFAULT))
        .concurrency(Integer.parseInt(a.getOrDefault("queueConcurrency", "0")))
        .perWorker(Integer.parseInt(a.getOrDefault("perWorker", "0")))
        .rate(Integer.parseInt(a.getOrDefault("rate", "0")),
            Duration.ofMillis(Long.parseLong(a.getOrDefault("ratePeriodMillis", "1000"))));
    Weft weft = Weft.builder().url(a.get("weft")).create(false).register(loop)
        .leaseTtl(Duration.ofMillis(ttl)).build();
    opened.set(weft);
    Worker worker = Worker.start(weft, WorkerOptions.defaults()
        .withConcurrency(Integer.parseInt(a.getOrDefault("concurrency", "16")))
        .withQueue(queue)
        .withPoll(Duration.ofMillis(Long.parseLong(a.getOrDefault("pollMillis", "200"))))
        .withDrain(Duration.ofMillis(Long.parseLong(a.getOrDefault("drainMillis", "30000")))));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close();
      data.close();
      out("STOPPED");
    }, "worker-child-stop"));
    Thread.ofPlatform().daemon().start(() -> {
      try {
        while (!weft.isClosing()) {
          Thread.sleep(5);
        }
        out("CLOSING");
      } catch (InterruptedException ignored) {
        // exiting
      }
    });
    out("OPENED " + pid);
    Thread.currentThread().join(); // until SIGTERM or SIGKILL
  }

  private static void record(HikariDataSource data, String prefix, String run, int step,
      long pid, long dispatched) throws SQLException {
    try (Connection c = data.getConnection();
        PreparedStatement ps = c.prepareStatement("WITH a AS (INSERT INTO " + prefix
            + "_attempts (run, step, pid, dispatched) VALUES (?, ?, ?, ?)) INSERT INTO "
            + prefix + "_effects (run, step, pid) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, run);
      ps.setInt(2, step);
      ps.setLong(3, pid);
      ps.setLong(4, dispatched);
      ps.setString(5, run);
      ps.setInt(6, step);
      ps.setLong(7, pid);
      ps.executeUpdate();
    }
  }

  /** Moves the overall and this process's gauges by {@code delta}, keeping high-water marks. */
  private static void count(HikariDataSource data, String prefix, long pid, int delta)
      throws SQLException {
    try (Connection c = data.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + prefix + "_gauge AS g"
            + " (name, now, high) VALUES (?, ?, GREATEST(?, 0)) ON CONFLICT (name) DO UPDATE"
            + " SET now = g.now + EXCLUDED.now, high = GREATEST(g.high, g.now"
            + " + EXCLUDED.now)")) {
      for (String name : new String[] {"all", "pid-" + pid}) {
        ps.setString(1, name);
        ps.setInt(2, delta);
        ps.setInt(3, delta);
        ps.executeUpdate();
      }
    }
  }

  static synchronized void out(String line) {
    System.out.println("WEFT " + line);
    System.out.flush();
  }
}
