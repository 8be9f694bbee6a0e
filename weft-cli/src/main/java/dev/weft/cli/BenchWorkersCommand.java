package dev.weft.cli;

import dev.weft.InvalidInputException;
import dev.weft.cli.bench.PostgresLoopBench;
import dev.weft.cli.bench.WorkersBench;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft bench workers}: one worker process against several on one PostgreSQL. */
@Command(name = "workers", description = {
    "Run R enqueued counter runs of N steps with W worker processes (weft worker) sharing one"
        + " PostgreSQL database, for each W given, and report steps per second and the ratio"
        + " of each to the first. Each W gets a new schema, dropped afterwards."})
final class BenchWorkersCommand extends WeftCommand {
  @Option(names = "--db", paramLabel = "URL", required = true,
      description = "A PostgreSQL URL (jdbc:postgresql://...).")
  String db;

  @Option(names = "--workers", paramLabel = "W[,W...]", split = ",", defaultValue = "1,2",
      description = "Worker process counts to measure (default ${DEFAULT-VALUE}).")
  List<Integer> workers = new ArrayList<>();

  @Option(names = "--runs", paramLabel = "R", defaultValue = "1000",
      description = "Runs (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "10",
      description = "Steps per run (default ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--concurrency", paramLabel = "C", defaultValue = "64",
      description = "Runs each worker executes at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Override
  int execute(Output out) throws Exception {
    if (!PostgresLoopBench.accepts(db)) {
      throw new InvalidInputException("--db of bench workers must be a PostgreSQL URL, got '"
          + db + "'");
    }
    WorkersBench.Result r = WorkersBench.run(db, workers, runs, steps, concurrency);
    if (out.json()) {
      return BenchLoopCommand.print(out, r);
    }
    out.line("bench workers: " + r.runs() + " runs x " + r.stepsPerRun() + " steps, concurrency "
        + r.concurrency() + " per worker");
    for (WorkersBench.Point p : r.points()) {
      out.line(String.format(java.util.Locale.ROOT, "%d worker%s: %.1f s, %.0f steps/s,"
          + " %.2fx the first", p.workers(), p.workers() == 1 ? "" : "s", p.wallSeconds(),
          p.stepsPerSecond(), p.ratioToFirst()));
    }
    return Output.OK;
  }
}
