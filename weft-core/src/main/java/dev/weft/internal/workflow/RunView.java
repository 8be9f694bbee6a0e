package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.RunStatus;
import dev.weft.internal.Json;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowProgress;
import org.jspecify.annotations.Nullable;

/**
 * What a workflow run stores as its state column: its owner, agent, declared step count, the
 * current step and the workflow state ({@code {"kind": "workflow", "owner", "agent", "total",
 * "step": {"index", "name", "description"}, "state": {...}}}). Queries and progress read it
 * without the workflow's code.
 */
final class RunView {
  private RunView() {}

  static ObjectNode initial(Workflow<?, ?> wf, @Nullable String owner) {
    ObjectNode v = Json.object();
    v.put("kind", "workflow");
    if (owner != null) {
      v.put("owner", owner);
    }
    if (wf.agent() != null) {
      v.put("agent", wf.agent());
    }
    v.put("total", wf.steps().size());
    v.set("state", Json.object());
    return v;
  }

  static void step(ObjectNode view, int index, String name, String description) {
    ObjectNode s = Json.object();
    s.put("index", index);
    s.put("name", name);
    s.put("description", description);
    view.set("step", s);
  }

  static boolean isWorkflow(@Nullable JsonNode view) {
    return view != null && view.path("kind").asText().equals("workflow");
  }

  static WorkflowProgress progress(String runId, String workflow, JsonNode view,
      RunStatus status) {
    String agent = view.hasNonNull("agent") ? view.get("agent").asText() : null;
    JsonNode step = view.path("step");
    int index = step.path("index").asInt(0);
    String name = step.hasNonNull("name") ? step.get("name").asText() : null;
    String doing = step.hasNonNull("description") ? step.get("description").asText() : null;
    String message;
    if (doing == null) {
      message = (agent == null ? workflow : agent) + (status == RunStatus.WAITING ? " is waiting"
          : " is getting started");
    } else {
      message = agent == null ? capitalized(doing) : agent + " " + doing;
    }
    return new WorkflowProgress(runId, workflow, agent, message, index,
        view.path("total").asInt(0), name, status);
  }

  private static String capitalized(String s) {
    String t = s.startsWith("is ") ? s.substring(3) : s;
    return t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1);
  }
}
