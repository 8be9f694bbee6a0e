package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.RunStatus;
import dev.weft.internal.Json;
import dev.weft.spi.EntryKind;
import dev.weft.spi.Store;
import dev.weft.workflow.Workflow;
import java.util.Objects;

/**
 * Continue-as-new: the run completes pointing at its successor (detail {@code continued_as}),
 * and the successor — same workflow, new input, empty history, id {@code root~generation} —
 * starts at once. A run that loops forever this way keeps every journal bounded.
 */
final class ContinueAsNew {
  private ContinueAsNew() {}

  static String root(JsonNode start, String runId) {
    JsonNode from = start.path("continued_from");
    return from.hasNonNull("root") ? from.get("root").asText() : runId;
  }

  static void commit(WorkflowRuntime runtime, Execution x, Workflow<Object, Object> wf,
      JsonNode input) {
    JsonNode start = Objects.requireNonNull(x.history.start());
    String root = root(start, x.runId());
    int generation = start.path("continued_from").path("generation").asInt(1) + 1;
    String next = root + "~" + generation;
    ObjectNode from = Json.object();
    from.put("root", root);
    from.put("run", x.runId());
    from.put("generation", generation);
    String owner = x.view.hasNonNull("owner") ? x.view.get("owner").asText() : null;
    Json.convert(input, wf.types().input(), "input of " + wf.name() + " continued as new");
    Store.Created c = runtime.create(wf, next, input, owner, x.run.header().parentRunId(), from);
    ObjectNode e = Json.object();
    e.put("next", next);
    e.set("input", input);
    int pos = x.ctx == null ? 0 : x.ctx.position();
    x.writer.append(EntryKind.WF_CONTINUED, pos, x.now(), Json.bytes(e));
    ObjectNode detail = Json.object();
    detail.put("continued_as", next);
    detail.put("message", "continued as new run " + next);
    x.commitEnd(RunStatus.COMPLETED, null, null, Json.text(detail), null);
    if (c.created()) {
      runtime.driveNew(wf, c.run());
    }
  }
}
