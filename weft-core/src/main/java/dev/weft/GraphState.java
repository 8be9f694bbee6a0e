package dev.weft;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The committed state of a {@link Graph} run: the node to run next, the run variables, and the
 * variable a pending wait's answer goes to ({@code resultKey}, null when nothing waits).
 */
public record GraphState(String node, ObjectNode vars,
    @JsonProperty("result_key") @Nullable String resultKey) {
  public GraphState {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(vars, "vars");
  }
}
