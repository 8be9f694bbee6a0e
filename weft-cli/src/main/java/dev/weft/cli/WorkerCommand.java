package dev.weft.cli;

import dev.weft.InvalidInputException;
import dev.weft.Queue;
import dev.weft.Weft;
import dev.weft.Worker;
import dev.weft.WorkerOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft worker}: executes runnable runs until stopped. */
@Command(name = "worker", description = {
    "Execute runs as they become runnable, until stopped with Ctrl-C or SIGTERM: runs enqueued"
        + " with weft run --enqueue, waiting runs whose signal arrives or whose time comes (also"
        + " time that came while no worker ran), runs a stopping worker paused, and runs whose"
        + " worker died (once its lease expired).",
    "Many workers on many machines may share one PostgreSQL database: each run is executed by"
        + " one of them at a time. Runs of every definition it knows (the bundled examples and"
        + " --classpath) at their versions are taken from one queue; a waiting run holds no"
        + " thread. On stop, runs under way finish their step and pause, released for the next"
        + " worker; after --drain-seconds their leases are released anyway."})
final class WorkerCommand extends WeftCommand {
  @Mixin Database database;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
      description = "Runs executing at once in this worker (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--queue", paramLabel = "NAME", defaultValue = Queue.DEFAULT,
      description = "The queue to take runs from (default ${DEFAULT-VALUE}, which also holds"
          + " runs started without --enqueue).")
  String queue;

  @Option(names = "--queue-concurrency", paramLabel = "N", defaultValue = "0",
      description = "Runs of the queue executing at once across all its workers (default 0: no"
          + " limit). Give every worker of a queue the same limits.")
  int queueConcurrency;

  @Option(names = "--per-worker", paramLabel = "N", defaultValue = "0",
      description = "Runs of the queue executing at once in one worker (default 0: only"
          + " --concurrency).")
  int perWorker;

  @Option(names = "--rate", paramLabel = "N/PERIOD",
      description = "At most N runs of the queue dispatched per PERIOD across all workers,"
          + " e.g. 100/1s, 5/500ms, 60/1m.")
  @Nullable String rate;

  @Option(names = "--poll-millis", paramLabel = "MS", defaultValue = "1000",
      description = "How often to look for runnable runs when not told sooner (default"
          + " ${DEFAULT-VALUE}; PostgreSQL tells workers at once through LISTEN/NOTIFY).")
  long pollMillis;

  @Option(names = "--drain-seconds", paramLabel = "S", defaultValue = "30",
      description = "On stop, how long runs under way may take to finish their step before"
          + " their leases are released anyway (default ${DEFAULT-VALUE}).")
  long drainSeconds;

  @Override
  int execute(Output out) throws Exception {
    if (pollMillis < 10) {
      throw new InvalidInputException("--poll-millis must be at least 10, got " + pollMillis);
    }
    if (drainSeconds < 0) {
      throw new InvalidInputException("--drain-seconds must not be negative, got "
          + drainSeconds);
    }
    Queue q = Queue.named(queue).concurrency(queueConcurrency).perWorker(perWorker);
    if (rate != null) {
      q = rate(q, rate);
    }
    WorkerOptions options = WorkerOptions.defaults().withConcurrency(concurrency).withQueue(q)
        .withPoll(Duration.ofMillis(pollMillis)).withDrain(Duration.ofSeconds(drainSeconds));
    try (UserCode code = database.userCode()) {
      Weft weft = database.openWorker(code);
      Worker worker;
      try {
        worker = Worker.start(weft, options);
      } catch (RuntimeException e) {
        weft.close();
        throw e;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("weft-worker-stop")
          .unstarted(() -> {
            worker.close();
            out.line("weft worker: stopped");
            stopped.countDown();
          }));
      out.line("weft worker: continuing due runs of " + String.join(", ", code.names())
          + " from queue " + q.name() + " (concurrency " + options.slots() + ") in "
          + database.db + "; stop with Ctrl-C");
      stopped.await();
      return Output.OK;
    }
  }

  /** Parses {@code N/PERIOD}: a count and a duration such as 1s, 500ms or 1m. */
  static Queue rate(Queue q, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    int slash = t.indexOf('/');
    try {
      if (slash > 0) {
        int n = Integer.parseInt(t.substring(0, slash));
        String p = t.substring(slash + 1);
        Duration period = p.endsWith("ms") ? Duration.ofMillis(Long.parseLong(p.substring(0,
            p.length() - 2)))
            : p.endsWith("s") ? Duration.ofSeconds(Long.parseLong(p.substring(0, p.length() - 1)))
            : p.endsWith("m") ? Duration.ofMinutes(Long.parseLong(p.substring(0, p.length() - 1)))
            : null;
        if (period != null && n > 0) {
          return q.rate(n, period);
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException("--rate must look like N/PERIOD with PERIOD in ms, s or m"
        + " (e.g. 100/1s), got '" + text + "'");
  }
}
