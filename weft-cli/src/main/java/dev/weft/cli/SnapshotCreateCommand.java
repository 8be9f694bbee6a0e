package dev.weft.cli;

import dev.weft.Snapshot;
import dev.weft.SnapshotOptions;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft snapshot create}: takes a snapshot of a run's state. */
@Command(name = "create", description = "Take a snapshot of a run's current state, or of its"
    + " state at a step as the journal kept it.")
final class SnapshotCreateCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run.")
  String runId;

  @Option(names = "--name", paramLabel = "NAME", required = true,
      description = "The snapshot's name, unique within the run.")
  String name;

  @Option(names = "--description", paramLabel = "TEXT", description = "What it is for.")
  @Nullable String description;

  @Option(names = "--tag", paramLabel = "TAG", description = "A tag to find it by (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--at-step", paramLabel = "N", description = "The state after N committed"
      + " steps (0 = the initial state) instead of the current one; a fork of it executes"
      + " step N next.")
  @Nullable Long atStep;

  @Override
  int inspect(Weft weft, Output out) {
    Snapshot s = weft.snapshots().create(runId, name, new SnapshotOptions(description, tags,
        atStep));
    if (out.json()) {
      out.json(Views.snapshot(s));
      return Output.OK;
    }
    out.line("snapshot '" + s.name() + "' of run " + s.runId() + " taken at step " + s.step()
        + "; fork it with: weft fork --run-id " + s.runId() + " --snapshot " + s.name()
        + " --new-run-id NEW_ID");
    return Output.OK;
  }
}
