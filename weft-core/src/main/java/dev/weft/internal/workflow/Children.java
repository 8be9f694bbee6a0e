package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.Failure;
import dev.weft.RunStatus;
import dev.weft.internal.Failures;
import dev.weft.internal.Json;
import dev.weft.workflow.WorkflowFailedException;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/** How a child's end reaches its parent: a signal named after the child, with this envelope. */
final class Children {
  private Children() {}

  static final String PREFIX = "weft.child:";

  static String signalName(String childId) {
    return PREFIX + childId;
  }

  /** The envelope {@code {"status", "result" | "failure"}} of an ended child. */
  static ObjectNode envelope(RunStatus status, @Nullable JsonNode result,
      @Nullable Failure failure) {
    ObjectNode n = Json.object();
    n.put("status", status.name());
    if (result != null) {
      n.set("result", result);
    }
    if (failure != null) {
      n.set("failure", Failures.toJson(failure));
    }
    return n;
  }

  static <R> R result(String childId, JsonNode envelope, Type type) {
    RunStatus status = RunStatus.parse(envelope.path("status").asText("FAILED"));
    if (status == RunStatus.COMPLETED) {
      return Json.convert(envelope.path("result"), type, "result of child run '" + childId
          + "'");
    }
    Failure f = envelope.has("failure") ? Failures.fromJson(envelope.get("failure")) : null;
    throw new WorkflowFailedException(childId, status, f, f == null ? "it ended" : f.message());
  }
}
