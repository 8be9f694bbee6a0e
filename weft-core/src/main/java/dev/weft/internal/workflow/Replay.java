package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.weft.InvalidInputException;
import dev.weft.internal.Json;
import dev.weft.spi.EntryKind;
import dev.weft.workflow.NonDeterminismException;
import dev.weft.workflow.Workflow;
import java.util.Optional;

/** A store-less replay of an exported history: the replay kernel alone. */
public final class Replay {
  private Replay() {}

  @SuppressWarnings("unchecked")
  public static Optional<NonDeterminismException> check(Workflow<?, ?> wf, JsonNode export) {
    if (!export.path("definition").asText().equals(wf.name())) {
      throw new InvalidInputException("the history is of workflow '"
          + export.path("definition").asText() + "', not '" + wf.name() + "'");
    }
    String runId = export.path("run_id").asText("replay");
    History h = new History();
    for (JsonNode e : export.path("entries")) {
      JsonNode p = e.get("payload");
      h.add(new History.Entry(EntryKind.valueOf(e.path("kind").asText()),
          e.path("step").asLong(), p == null ? NullNode.getInstance() : p));
    }
    if (h.start() == null) {
      throw new InvalidInputException("the history has no start entry");
    }
    Workflow<Object, Object> w = (Workflow<Object, Object>) wf;
    Context ctx = new Context(runId, h, null, w);
    Object input = Json.convert(h.start().path("input"), w.types().input(), "input");
    boolean ended = false;
    try {
      w.run(input, ctx);
      ended = true;
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError v) {
        throw v;
      }
      ended = ctx.unwinding() == null;
    }
    Unwind u = ctx.unwinding();
    if (u != null && u.why == Unwind.Why.NON_DETERMINISM) {
      return Optional.ofNullable(u.nonDeterminism);
    }
    if (ended && ctx.position() < h.size()) {
      Recorded r = h.at(ctx.position());
      return Optional.of(new NonDeterminismException(runId, ctx.position(),
          r == null ? "more" : r.describe(), "the end of the code"));
    }
    return Optional.empty();
  }
}
