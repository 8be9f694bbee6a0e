package dev.weft.cli;

import dev.weft.ToolCall;
import dev.weft.Weft;
import dev.weft.internal.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft tool-calls}: a run's managed tool calls with their arguments and results. */
@Command(name = "tool-calls", description = {"Show a run's managed tool calls.",
    "A PENDING call of a run that needs attention is in doubt: settle it with weft resolve."})
final class ToolCallsCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run.")
  String runId;

  @Mixin Paging paging;

  @Override
  int inspect(Weft weft, Output out) {
    List<ToolCall> calls = weft.inspector().toolCalls(runId, paging.offset, paging.limit);
    if (out.json()) {
      var doc = Json.object().put("run_id", runId);
      var array = doc.putArray("tool_calls");
      calls.forEach(c -> array.add(Views.toolCall(c)));
      out.json(doc);
      return Output.OK;
    }
    out.table(List.of("KEY", "TOOL", "STEP", "STATUS", "STARTED", "ARGS", "RESULT"),
        calls.stream().map(c -> List.of(c.key(), c.tool(), Long.toString(c.step()), c.status(),
            Views.time(c.started()), Output.cell(c.args()),
            c.failure() != null ? Output.cut(Views.text(c.failure())) : Output.cell(c.result())))
            .toList());
    paging.hintNextPage(out, calls.size());
    return Output.OK;
  }
}
