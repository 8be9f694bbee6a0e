package dev.weft.cli;

import dev.weft.RunInfo;
import dev.weft.Weft;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft get}: one run as stored now. */
@Command(name = "get", description = "Show a run: status, steps, state, result or failure.")
final class GetCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run.")
  String runId;

  @Override
  int inspect(Weft weft, Output out) {
    RunInfo r = weft.inspector().get(runId);
    if (out.json()) {
      out.json(Views.run(r));
      return Output.OK;
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("run_id", r.runId());
    f.put("definition", r.definition().name() + " v" + r.definition().version());
    f.put("status", r.status().name());
    f.put("steps", Long.toString(r.steps()));
    if (r.result() != null) {
      f.put("result", Output.cell(r.result(), Output.FIELD_WIDTH));
    }
    if (r.failure() != null) {
      f.put("failure", Output.oneLine(Views.text(r.failure())));
    }
    if (r.status() == dev.weft.RunStatus.WAITING && r.detail() != null) {
      f.put("waiting_for", Views.waiting(r));
      if (r.detail().hasNonNull("prompt")) {
        f.put("prompt", r.detail().get("prompt").asText());
      }
    }
    if (r.detail() != null) {
      f.put("detail", Output.cell(r.detail().has("message") ? r.detail().get("message")
          : r.detail(), Integer.MAX_VALUE));
    }
    f.put("state", Output.cell(r.state(), Output.FIELD_WIDTH));
    f.put("created", r.times().created().toString());
    f.put("updated", r.times().updated().toString());
    if (r.holder() != null) {
      f.put("held_by", r.holder());
    }
    if (r.definition().parentRunId() != null) {
      f.put("parent_run_id", r.definition().parentRunId());
    }
    if (r.definition().forkedFrom() != null) {
      f.put("forked_from", Views.forkedFrom(r));
    }
    out.fields(f);
    return Output.OK;
  }
}
