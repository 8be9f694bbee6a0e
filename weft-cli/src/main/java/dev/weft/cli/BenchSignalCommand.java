package dev.weft.cli;

import dev.weft.Durability;
import dev.weft.cli.bench.SignalBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft bench signal}: signal acknowledged to run resumed and completed. */
@Command(name = "signal", description = {
    "N runs wait for a signal on a fresh SQLite file; for one after another, measure the time"
        + " from the signal acknowledged (flushed) to the run resumed by the scheduler and"
        + " completed. Reports median and p99 (a few warm-up runs are left out)."})
final class BenchSignalCommand extends WeftCommand {
  @Option(names = "--runs", paramLabel = "N", defaultValue = "1000",
      description = "Runs to signal (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--durability", paramLabel = "safe|effects|fast", defaultValue = "effects",
      description = "Durability mode (default ${DEFAULT-VALUE}).")
  String durability;

  @Option(names = "--db", paramLabel = "PATH", required = true,
      description = "A SQLite file that does not exist yet.")
  String db;

  @Override
  int execute(Output out) {
    SignalBench.Result r = SignalBench.run(new SignalBench.Options(runs,
        Durability.parse(durability), BenchLoopCommand.file(db, "signal")));
    return BenchLoopCommand.print(out, r);
  }
}
