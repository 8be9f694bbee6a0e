package dev.weft.cli.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weft.EnqueueOptions;
import dev.weft.InvalidInputException;
import dev.weft.Weft;
import dev.weft.examples.Counter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code weft bench workers}: throughput of W worker processes ({@code weft worker}) sharing one
 * PostgreSQL database, for each W asked for, in the same run. For each W: a new schema, W worker
 * JVMs started and idle, then R counter runs of K steps enqueued at once; the clock runs from the
 * first enqueue until every run has completed. Reported next to each other with the ratio of
 * each rate to the first.
 */
public final class WorkersBench {
  private static final String QUEUE = "bench";

  /** One measurement. */
  public record Point(@JsonProperty("workers") int workers,
      @JsonProperty("steps") long steps, @JsonProperty("wall_seconds") double wallSeconds,
      @JsonProperty("steps_per_second") double stepsPerSecond,
      @JsonProperty("ratio_to_first") double ratioToFirst) {}

  /** What {@code bench workers} reports. */
  public record Result(@JsonProperty("bench") String bench, @JsonProperty("runs") int runs,
      @JsonProperty("steps_per_run") long stepsPerRun,
      @JsonProperty("concurrency_per_worker") int concurrency,
      @JsonProperty("points") List<Point> points) {}

  private WorkersBench() {}

  public static Result run(String url, List<Integer> workers, int runs, long steps,
      int concurrency) throws Exception {
    if (runs < 1 || steps < 1 || concurrency < 1 || workers.isEmpty()
        || workers.stream().anyMatch(w -> w < 1)) {
      throw new InvalidInputException("--runs, --steps, --concurrency and --workers must be at"
          + " least 1");
    }
    List<Point> points = new ArrayList<>();
    for (int w : workers) {
      String db = PostgresLoopBench.freshSchema(url, "weft_workers");
      try {
        double[] measured = measure(db, w, runs, steps, concurrency);
        double rate = runs * steps / measured[0];
        double first = points.isEmpty() ? rate : points.get(0).stepsPerSecond();
        points.add(new Point(w, runs * steps, measured[0], rate, rate / first));
      } finally {
        PostgresLoopBench.dropSchema(db);
      }
    }
    return new Result("workers-postgresql", runs, steps, concurrency, points);
  }

  private static double[] measure(String db, int workers, int runs, long steps,
      int concurrency) throws Exception {
    Counter counter = new Counter();
    try (Weft client = Weft.builder().url(db).scheduler(false).register(counter).build()) {
      List<Process> processes = new ArrayList<>();
      try {
        for (int i = 0; i < workers; i++) {
          processes.add(startWorker(db, concurrency));
        }
        long started = System.nanoTime();
        List<Future<?>> enqueued = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
          for (int i = 0; i < runs; i++) {
            String id = "bench-" + i;
            enqueued.add(pool.submit(() -> client.enqueue(counter, id,
                new Counter.Input(steps), EnqueueOptions.defaults().withQueue(QUEUE))));
          }
        }
        for (Future<?> f : enqueued) {
          f.get();
        }
        awaitCompleted(db, runs);
        return new double[] {(System.nanoTime() - started) / 1e9};
      } finally {
        for (Process p : processes) {
          p.destroy();
        }
        for (Process p : processes) {
          if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
      }
    }
  }

  private static Process startWorker(String db, int concurrency) throws Exception {
    List<String> command = List.of(ProcessHandle.current().info().command().orElseThrow(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "dev.weft.cli.Main", "worker", "--db", db, "--queue", QUEUE, "--concurrency",
        Integer.toString(concurrency), "--poll-millis", "1000");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    String first = out.readLine();
    if (first == null || !first.startsWith("weft worker: continuing")) {
      p.destroyForcibly();
      throw new IllegalStateException("worker did not start: " + first);
    }
    Thread.ofVirtual().start(() -> {
      try {
        out.lines().forEach(l -> { });
      } catch (java.io.UncheckedIOException ignored) {
        // the worker was stopped
      }
    });
    return p;
  }

  private static void awaitCompleted(String db, int runs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    try (Connection c = DriverManager.getConnection(db);
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM weft_runs"
            + " WHERE status = 'COMPLETED'")) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) >= runs) {
            return;
          }
        }
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("runs did not complete within 30 minutes");
  }
}
