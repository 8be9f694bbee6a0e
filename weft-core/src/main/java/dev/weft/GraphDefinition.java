package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Graph} packaged for discovery: subclass it with a public no-argument constructor and
 * list the subclass in {@code META-INF/services/dev.weft.Definition}, and the CLI runs the graph
 * by name and prints it with {@code weft graph}.
 *
 * <pre>{@code
 * public final class Triage extends GraphDefinition {
 *   public Triage() {
 *     super(Graph.builder("triage")...build());
 *   }
 * }
 * }</pre>
 */
public abstract class GraphDefinition implements Loop<JsonNode, GraphState, JsonNode> {
  private final Graph graph;

  protected GraphDefinition(Graph graph) {
    this.graph = Objects.requireNonNull(graph, "graph");
  }

  /** The graph this definition runs. */
  public final Graph graph() {
    return graph;
  }

  @Override
  public final String name() {
    return graph.name();
  }

  @Override
  public final int version() {
    return graph.version();
  }

  @Override
  public final GraphState start(JsonNode input) {
    return graph.start(input);
  }

  @Override
  public final Transition<GraphState, JsonNode> step(GraphState state, StepContext ctx)
      throws Exception {
    return graph.step(state, ctx);
  }

  @Override
  public final LoopOptions options() {
    return graph.options();
  }

  @Override
  public final List<Tool<?, ?>> tools() {
    return graph.tools();
  }

  @Override
  public final Types types() {
    return graph.types();
  }
}
