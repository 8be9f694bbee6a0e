package dev.weft.cli;

import dev.weft.Snapshot;
import dev.weft.Weft;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft snapshot show}: one snapshot with its state. */
@Command(name = "show", description = "Show a snapshot: its run, step, tags and state.")
final class SnapshotShowCommand extends InspectCommand {
  @Option(names = "--name", paramLabel = "NAME", required = true,
      description = "The snapshot's name.")
  String name;

  @Option(names = "--run-id", paramLabel = "ID", description = "The run it was taken of"
      + " (needed only when several runs have a snapshot of that name).")
  @Nullable String runId;

  @Override
  int inspect(Weft weft, Output out) {
    Snapshot s = runId == null ? weft.snapshots().get(name) : weft.snapshots().get(runId, name);
    if (out.json()) {
      out.json(Views.snapshot(s));
      return Output.OK;
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("run_id", s.runId());
    f.put("name", s.name());
    f.put("step", Long.toString(s.step()));
    f.put("tags", String.join(", ", s.tags()));
    if (s.description() != null) {
      f.put("description", Output.cut(s.description(), Output.FIELD_WIDTH));
    }
    f.put("created", s.created().toString());
    f.put("state", Output.cell(s.state(), Output.FIELD_WIDTH));
    out.fields(f);
    return Output.OK;
  }
}
