package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.internal.Json;
import java.util.Objects;

/**
 * What a {@link Graph} node decided: perform an effect and go on to a node, or complete the run
 * with an output.
 */
public sealed interface Plan {
  /** Perform {@code effect} (possibly {@link Effect.None}), then run node {@code node}. */
  record Next(Effect effect, String node) implements Plan {
    public Next {
      Objects.requireNonNull(effect, "effect");
      Objects.requireNonNull(node, "node");
    }
  }

  /** The run completes with {@code output}. */
  record Complete(JsonNode output) implements Plan {
    public Complete {
      Objects.requireNonNull(output, "output");
    }
  }

  /** Go on to {@code node} without an effect. */
  static Plan next(String node) {
    return new Next(Effect.none(), node);
  }

  /** Perform {@code effect}, then go on to {@code node}. */
  static Plan next(Effect effect, String node) {
    return new Next(effect, node);
  }

  /** Complete with {@code output}: any JSON-serializable value. */
  static Plan complete(Object output) {
    Objects.requireNonNull(output, "output");
    try {
      return new Complete(output instanceof JsonNode n ? n : Json.tree(output));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("the output of a graph cannot be serialized to JSON: "
          + e.getMessage(), e);
    }
  }
}
