package dev.weft.cli;

import dev.weft.Attempt;
import dev.weft.Weft;
import dev.weft.internal.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft attempts}: the attempts at a run's steps, failed and interrupted ones too. */
@Command(name = "attempts", description = "Show the attempts at a run's steps.")
final class AttemptsCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run.")
  String runId;

  @Mixin Paging paging;

  @Override
  int inspect(Weft weft, Output out) {
    List<Attempt> attempts = weft.inspector().attempts(runId, paging.offset, paging.limit);
    if (out.json()) {
      var doc = Json.object().put("run_id", runId);
      var array = doc.putArray("attempts");
      attempts.forEach(a -> array.add(Views.attempt(a)));
      out.json(doc);
      return Output.OK;
    }
    out.table(List.of("STEP", "ATTEMPT", "OUTCOME", "STARTED", "MILLIS", "FAILURE"),
        attempts.stream().map(a -> List.of(Long.toString(a.step()),
            Integer.toString(a.attempt()), a.outcome(), Views.time(a.started()),
            Long.toString(a.ended().toEpochMilli() - a.started().toEpochMilli()),
            a.failure() == null ? "" : Output.cut(Views.text(a.failure()))))
            .toList());
    paging.hintNextPage(out, attempts.size());
    return Output.OK;
  }
}
