package dev.weft.cli;

import dev.weft.Durability;
import dev.weft.cli.bench.WorkflowBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft bench workflow}: workflows of activities, and replay, against raw commits. */
@Command(name = "workflow", description = {
    "Run W workflows of A activities each at once on a fresh SQLite file, compare the activity"
        + " rate with the raw single-row commit rate measured in the same run, and optionally"
        + " time the replay of a workflow with N recorded steps."})
final class BenchWorkflowCommand extends WeftCommand {
  @Option(names = "--workflows", paramLabel = "W", required = true,
      description = "Workflows started at once.")
  int workflows;

  @Option(names = "--activities", paramLabel = "A", required = true,
      description = "Activities per workflow.")
  int activities;

  @Option(names = "--replay-steps", paramLabel = "N", defaultValue = "0",
      description = "Also replay a workflow with N recorded steps (default: none).")
  int replaySteps;

  @Option(names = "--durability", paramLabel = "safe|effects|fast", defaultValue = "effects",
      description = "Durability mode (default ${DEFAULT-VALUE}).")
  String durability;

  @Option(names = "--db", paramLabel = "PATH", required = true,
      description = "A SQLite file that does not exist yet.")
  String db;

  @Override
  int execute(Output out) throws Exception {
    return BenchLoopCommand.print(out, WorkflowBench.run(new WorkflowBench.Options(workflows,
        activities, replaySteps, Durability.parse(durability),
        BenchLoopCommand.file(db, "workflow"))));
  }
}
