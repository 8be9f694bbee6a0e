package dev.weft.cli;

import dev.weft.Durability;
import dev.weft.cli.bench.TimerBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft bench timers}: many runs waiting for times, and how late the timers fire. */
@Command(name = "timers", description = {
    "Start N runs on a fresh SQLite file that each wait for a time, spread over a few seconds"
        + " once all are waiting; report how late each timer fired (median, p90, p99, max,"
        + " share within 50 ms), the platform threads while they wait and fire, and the heap."})
final class BenchTimersCommand extends WeftCommand {
  @Option(names = "--runs", paramLabel = "N", defaultValue = "10000",
      description = "Waiting runs (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--spread-seconds", paramLabel = "S", defaultValue = "10",
      description = "The due times are spread evenly over S seconds (default ${DEFAULT-VALUE}).")
  double spread;

  @Option(names = "--lead-seconds", paramLabel = "S", defaultValue = "15",
      description = "The first timer is due S seconds after the runs begin to be created"
          + " (default ${DEFAULT-VALUE}); runs created later than their time are counted apart.")
  double lead;

  @Option(names = "--durability", paramLabel = "safe|effects|fast", defaultValue = "effects",
      description = "Durability mode (default ${DEFAULT-VALUE}).")
  String durability;

  @Option(names = "--db", paramLabel = "PATH", required = true,
      description = "A SQLite file that does not exist yet.")
  String db;

  @Override
  int execute(Output out) throws Exception {
    TimerBench.Result r = TimerBench.run(new TimerBench.Options(runs, spread, lead,
        Durability.parse(durability), BenchLoopCommand.file(db, "timers")));
    return BenchLoopCommand.print(out, r);
  }
}
