package dev.weft.cli;

import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.internal.Json;
import dev.weft.spi.RunQuery;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft list}: runs, newest first, filtered and paged. */
@Command(name = "list", description = "List runs, newest first.")
final class ListCommand extends InspectCommand {
  @Option(names = "--status", paramLabel = "S",
      description = "Only runs with this status (PENDING, RUNNING, PAUSED, WAITING,"
          + " NEEDS_ATTENTION, COMPLETED, FAILED, CANCELLED).")
  @Nullable String status;

  @Option(names = "--definition", paramLabel = "D", description = "Only runs of definition D.")
  @Nullable String definition;

  @Mixin Paging paging;

  @Override
  int inspect(Weft weft, Output out) {
    RunStatus s = status == null ? null : RunStatus.parse(status);
    List<RunInfo> runs = weft.inspector().list(new RunQuery(s, definition, paging.offset,
        paging.limit));
    if (out.json()) {
      var doc = Json.object();
      var array = doc.putArray("runs");
      runs.forEach(r -> array.add(Views.run(r)));
      out.json(doc);
      return Output.OK;
    }
    out.table(List.of("RUN ID", "DEFINITION", "STATUS", "STEPS", "UPDATED", "OUTCOME"),
        runs.stream().map(r -> List.of(r.runId(), r.definition().name(), r.status().name(),
            Long.toString(r.steps()), Views.time(r.times().updated()), Views.outcome(r)))
            .toList());
    paging.hintNextPage(out, runs.size());
    return Output.OK;
  }
}
