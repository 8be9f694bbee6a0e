package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.internal.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A durable graph: nodes keyed by id, each returning a {@link Plan} — an {@link Effect} and the
 * next node, or completion. A graph is a {@link Loop} whose state is a {@link GraphState}: one
 * step runs one node and its effect, so graphs get the loop's commits, retries, managed tool
 * calls, waits, snapshots and forks unchanged.
 *
 * <pre>{@code
 * Graph g = Graph.builder("triage")
 *     .entry("classify")
 *     .node("classify", (vars, ctx) -> Plan.next(urgent(vars) ? "page" : "done"), "page", "done")
 *     .node("page", (vars, ctx) -> Plan.next(Effect.toolCall("page", vars, "paged"), "done"),
 *         "done")
 *     .node("done", (vars, ctx) -> Plan.complete(vars))
 *     .tools(PAGE)
 *     .build();
 * }</pre>
 *
 * <p>The run's input is in {@code vars.input}. Each node declares the nodes it may go to; the
 * structure is checked by {@link Builder#build()} and a node that goes elsewhere fails the run.
 */
public final class Graph implements Loop<JsonNode, GraphState, JsonNode> {
  /** A node's code: reads and may change the run variables, and returns a plan. */
  @FunctionalInterface
  public interface Handler {
    Plan run(ObjectNode vars, StepContext ctx) throws Exception;
  }

  /** A node's id and the ids of the nodes it declares it may go to. */
  public record Node(String id, List<String> next) {
    public Node {
      next = List.copyOf(next);
    }
  }

  private final String name;
  private final int version;
  private final String entry;
  private final Map<String, Node> nodes;
  private final Map<String, Handler> handlers;
  private final List<Tool<?, ?>> tools;
  private final LoopOptions options;
  private final List<String> order;

  private Graph(Builder b, String entry) {
    this.name = b.name;
    this.version = b.version;
    this.entry = entry;
    this.nodes = Map.copyOf(b.nodes);
    this.handlers = Map.copyOf(b.handlers);
    this.tools = List.copyOf(b.tools);
    this.options = b.options;
    this.order = List.copyOf(b.nodes.keySet());
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int version() {
    return version;
  }

  /** The node every run starts at. */
  public String entry() {
    return entry;
  }

  /** The nodes in the order they were added, with their declared successors. */
  public List<Node> nodes() {
    return order.stream().map(nodes::get).toList();
  }

  /**
   * The structure as JSON: {@code {"name", "version", "entry", "nodes": [{"id", "next": [...],
   * "terminal"}]}}, nodes in the order they were added; a terminal node declares no next node
   * and must complete the run.
   */
  public ObjectNode structure() {
    ObjectNode doc = Json.object();
    doc.put("name", name);
    doc.put("version", version);
    doc.put("entry", entry);
    var list = doc.putArray("nodes");
    for (Node n : nodes()) {
      ObjectNode node = list.addObject();
      node.put("id", n.id());
      var next = node.putArray("next");
      n.next().forEach(next::add);
      node.put("terminal", n.next().isEmpty());
    }
    return doc;
  }

  /**
   * The structure as a Mermaid flowchart: a start marker into the entry node, one arrow per
   * declared edge, and an end marker after every terminal node. Mermaid ids are generated
   * ({@code n0}, {@code n1}, ...) so node ids that are Mermaid keywords ({@code end}) still work.
   */
  public String mermaid() {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String id : order) {
      ids.put(id, "n" + ids.size());
    }
    StringBuilder out = new StringBuilder("flowchart TD\n");
    out.append("  start((start)) --> ").append(ids.get(entry)).append('\n');
    for (Node n : nodes()) {
      out.append("  ").append(ids.get(n.id())).append("[\"").append(n.id()).append("\"]\n");
    }
    for (Node n : nodes()) {
      for (String to : n.next()) {
        out.append("  ").append(ids.get(n.id())).append(" --> ").append(ids.get(to))
            .append('\n');
      }
      if (n.next().isEmpty()) {
        out.append("  ").append(ids.get(n.id())).append(" --> finish((end))\n");
      }
    }
    return out.toString();
  }

  @Override
  public List<Tool<?, ?>> tools() {
    return tools;
  }

  @Override
  public LoopOptions options() {
    return options;
  }

  @Override
  public Types types() {
    return new Types(JsonNode.class, GraphState.class, JsonNode.class);
  }

  @Override
  public GraphState start(JsonNode input) {
    ObjectNode vars = Json.object();
    vars.set("input", input == null ? NullNode.getInstance() : input);
    return new GraphState(entry, vars, null);
  }

  @Override
  public Transition<GraphState, JsonNode> step(GraphState state, StepContext ctx)
      throws Exception {
    ObjectNode vars = state.vars().deepCopy(); // a failed attempt must not leak its changes
    if (state.resultKey() != null) {
      vars.set(state.resultKey(), wakeValue(ctx.wake()));
    }
    Handler handler = handlers.get(state.node());
    if (handler == null) {
      return Transition.fail(ErrorClass.VALIDATION, "graph '" + name + "' has no node '"
          + state.node() + "' (was the graph changed while this run was in it?)");
    }
    Plan plan = handler.run(vars, ctx);
    return switch (plan) {
      case null -> Transition.fail(ErrorClass.VALIDATION, "node '" + state.node()
          + "' of graph '" + name + "' returned no plan");
      case Plan.Complete c -> Transition.complete(c.output());
      case Plan.Next n -> next(state.node(), n, vars, ctx);
    };
  }

  private Transition<GraphState, JsonNode> next(String from, Plan.Next plan, ObjectNode vars,
      StepContext ctx) {
    List<String> declared = nodes.get(from).next();
    if (!declared.contains(plan.node())) {
      return Transition.fail(ErrorClass.VALIDATION, "node '" + from + "' of graph '" + name
          + "' went to '" + plan.node() + "', which it does not declare; declared: "
          + (declared.isEmpty() ? "none (it must complete)" : String.join(", ", declared)));
    }
    String to = plan.node();
    return switch (plan.effect()) {
      case Effect.None none -> Transition.next(new GraphState(to, vars, null));
      case Effect.ToolCalls calls -> {
        for (Effect.Call call : calls.calls()) {
          JsonNode result = ctx.callTool(call.tool(), call.args(), JsonNode.class);
          vars.set(call.resultKey(), result);
        }
        yield Transition.next(new GraphState(to, vars, null));
      }
      case Effect.AskUser ask -> Transition.await(new GraphState(to, vars, ask.resultKey()),
          WaitFor.askUser(ask.prompt()));
      case Effect.WaitEvent event -> Transition.await(
          new GraphState(to, vars, event.resultKey()), event.timeout() == null
              ? WaitFor.signal(event.key()) : WaitFor.signal(event.key(), event.timeout()));
      case Effect.WaitUntil until -> Transition.await(new GraphState(to, vars, null),
          WaitFor.until(until.instant()));
      case Effect.StartChild child -> Transition.fail(ErrorClass.VALIDATION, "node '" + from
          + "' of graph '" + name + "' starts a child run of '" + child.definition()
          + "', but child runs are not implemented yet");
    };
  }

  /** What a wake puts into the waiting effect's result variable. */
  private static JsonNode wakeValue(@Nullable Wake wake) {
    return switch (wake) {
      case null -> NullNode.getInstance();
      case Wake.SignalReceived s -> s.payload();
      case Wake.TimerFired t -> Json.tree(t.due().toString());
      case Wake.TimedOut t -> NullNode.getInstance();
    };
  }

  /** Builds a {@link Graph}; {@link #build()} checks its structure. */
  public static final class Builder {
    private final String name;
    private int version = 1;
    private @Nullable String entry;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Handler> handlers = new LinkedHashMap<>();
    private final List<String> duplicates = new ArrayList<>();
    private final List<Tool<?, ?>> tools = new ArrayList<>();
    private LoopOptions options = LoopOptions.defaults();

    private Builder(String name) {
      if (name == null || name.isBlank()) {
        throw new InvalidInputException("a graph's name must not be blank");
      }
      this.name = name;
    }

    /** The node every run starts at. */
    public Builder entry(String id) {
      this.entry = Objects.requireNonNull(id, "entry");
      return this;
    }

    /**
     * Adds node {@code id} running {@code handler}, which may go to the nodes {@code next}
     * (none: it must complete).
     */
    public Builder node(String id, Handler handler, String... next) {
      checkId(id);
      Objects.requireNonNull(handler, "handler");
      for (String n : next) {
        checkId(n);
      }
      if (nodes.containsKey(id)) {
        duplicates.add(id);
        return this;
      }
      nodes.put(id, new Node(id, List.of(next)));
      handlers.put(id, handler);
      return this;
    }

    public Builder tools(Tool<?, ?>... add) {
      tools.addAll(List.of(add));
      return this;
    }

    public Builder options(LoopOptions o) {
      this.options = Objects.requireNonNull(o, "options");
      return this;
    }

    public Builder version(int v) {
      if (v < 1) {
        throw new InvalidInputException("a graph's version must be at least 1, got " + v);
      }
      this.version = v;
      return this;
    }

    /** The graph, after checking ids, the entry, every declared edge and reachability. */
    public Graph build() {
      String where = "graph '" + name + "': ";
      if (!duplicates.isEmpty()) {
        throw new InvalidInputException(where + "node id(s) added more than once: "
            + String.join(", ", new LinkedHashSet<>(duplicates)));
      }
      if (nodes.isEmpty()) {
        throw new InvalidInputException(where + "has no nodes; add one with node(id, ...)");
      }
      if (entry == null) {
        throw new InvalidInputException(where + "has no entry node; set one with entry(id),"
            + " e.g. entry(\"" + nodes.keySet().iterator().next() + "\")");
      }
      if (!nodes.containsKey(entry)) {
        throw new InvalidInputException(where + "entry node '" + entry + "' is not a node;"
            + " nodes: " + String.join(", ", nodes.keySet()));
      }
      for (Node n : nodes.values()) {
        for (String to : n.next()) {
          if (!nodes.containsKey(to)) {
            throw new InvalidInputException(where + "node '" + n.id() + "' declares next node '"
                + to + "', which is not a node; nodes: " + String.join(", ", nodes.keySet()));
          }
        }
      }
      Set<String> unreachable = new LinkedHashSet<>(nodes.keySet());
      unreachable.removeAll(reachable(entry));
      if (!unreachable.isEmpty()) {
        throw new InvalidInputException(where + "node(s) not reachable from entry '" + entry
            + "': " + String.join(", ", unreachable));
      }
      return new Graph(this, entry);
    }

    private Set<String> reachable(String from) {
      Set<String> seen = new LinkedHashSet<>();
      Deque<String> todo = new ArrayDeque<>(List.of(from));
      while (!todo.isEmpty()) {
        String id = todo.pop();
        if (seen.add(id)) {
          todo.addAll(nodes.get(id).next());
        }
      }
      return seen;
    }

    private static void checkId(String id) {
      if (id == null || !id.matches("[A-Za-z0-9_-]{1,100}")) {
        throw new InvalidInputException("a node id must be 1 to 100 letters, digits, '_' or"
            + " '-', got " + (id == null ? "null" : "'" + id + "'"));
      }
    }
  }
}
