package dev.weft.cli;

import dev.weft.JournalEntry;
import dev.weft.Weft;
import dev.weft.internal.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft history}: a run's journal, a page at a time. */
@Command(name = "history", description = "Show a run's journal entries, oldest first.")
final class HistoryCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run.")
  String runId;

  @Mixin Paging paging;

  @Option(names = "--export", paramLabel = "FILE",
      description = "Write the whole journal as JSON to FILE (for workflow replay tests).")
  java.nio.file.@org.jspecify.annotations.Nullable Path export;

  @Override
  int inspect(Weft weft, Output out) {
    if (export != null) {
      try {
        java.nio.file.Files.writeString(export, Json.pretty(
            dev.weft.internal.workflow.WorkflowClient.export(weft.store(), runId)));
      } catch (java.io.IOException e) {
        throw new dev.weft.InvalidInputException("cannot write " + export + ": "
            + e.getMessage(), e);
      }
      out.line("exported the journal of run " + runId + " to " + export);
      return Output.OK;
    }
    List<JournalEntry> entries = weft.inspector().history(runId, paging.offset, paging.limit);
    if (out.json()) {
      var doc = Json.object().put("run_id", runId);
      var array = doc.putArray("entries");
      entries.forEach(e -> array.add(Views.entry(e)));
      out.json(doc);
      return Output.OK;
    }
    out.table(List.of("SEQ", "STEP", "KIND", "AT", "SIZE", "DATA"),
        entries.stream().map(e -> List.of(Long.toString(e.seq()), Long.toString(e.step()),
            e.kind(), Views.time(e.at()), Long.toString(e.size()),
            e.blob() != null ? "blob " + e.blob().substring(0, 12) + "... " + Output.cell(e.data())
                : Output.cell(e.data())))
            .toList());
    paging.hintNextPage(out, entries.size());
    return Output.OK;
  }
}
