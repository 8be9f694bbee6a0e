package dev.weft.cli;

import dev.weft.ForkPoint;
import dev.weft.RunInfo;
import dev.weft.Weft;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft fork}: a new run that begins at a step or snapshot of another. */
@Command(name = "fork", description = {
    "Start a new run of the same definition from a step of a run, or from one of its"
        + " snapshots: same input, that state, the same step numbers from there on.",
    "The new run is PENDING; run it with weft resume. Only the database is needed."})
final class ForkCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", required = true,
      description = "The run to fork.")
  String runId;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Point point;

  /** Exactly one place to fork at. */
  static final class Point {
    @Option(names = "--at-step", paramLabel = "N", required = true, description = "The state"
        + " after N committed steps (0 = the initial state); the fork executes step N next.")
    @Nullable Long atStep;

    @Option(names = "--snapshot", paramLabel = "NAME", required = true,
        description = "A snapshot of the run (see weft snapshot list --run-id ID).")
    @Nullable String snapshot;

    ForkPoint forkPoint() {
      return snapshot != null ? ForkPoint.snapshot(snapshot) : ForkPoint.atStep(atStep);
    }
  }

  @Option(names = "--new-run-id", paramLabel = "ID", required = true,
      description = "The new run's id; it must not exist yet.")
  String newRunId;

  @Override
  int inspect(Weft weft, Output out) {
    RunInfo fork = weft.fork(runId, point.forkPoint(), newRunId);
    if (out.json()) {
      out.json(Views.run(fork));
      return Output.OK;
    }
    out.line("run " + fork.runId() + ": forked from " + Views.forkedFrom(fork) + "; it is "
        + fork.status() + ", run it with: weft resume " + fork.definition().name()
        + " --run-id " + fork.runId());
    return Output.OK;
  }
}
