package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Structural errors of a graph are reported when it is built, each with a clear message. */
class GraphBuildTest {
  private static final Graph.Handler DONE = (vars, ctx) -> Plan.complete(1);

  private static String error(Graph.Builder b) {
    return assertThrows(InvalidInputException.class, b::build).getMessage();
  }

  @Test
  void aGraphWithoutAnEntryNodeIsRejected() {
    assertEquals("graph 'g': has no entry node; set one with entry(id), e.g. entry(\"a\")",
        error(Graph.builder("g").node("a", DONE)));
  }

  @Test
  void anEntryThatIsNotANodeIsRejected() {
    assertEquals("graph 'g': entry node 'x' is not a node; nodes: a",
        error(Graph.builder("g").entry("x").node("a", DONE)));
  }

  @Test
  void aGraphWithoutNodesIsRejected() {
    assertEquals("graph 'g': has no nodes; add one with node(id, ...)",
        error(Graph.builder("g").entry("a")));
  }

  @Test
  void anUnknownNextNodeIsRejected() {
    assertEquals("graph 'g': node 'a' declares next node 'b', which is not a node; nodes: a",
        error(Graph.builder("g").entry("a").node("a", DONE, "b")));
  }

  @Test
  void unreachableNodesAreRejectedAndNamed() {
    assertEquals("graph 'g': node(s) not reachable from entry 'a': c, d",
        error(Graph.builder("g").entry("a").node("a", DONE, "b").node("b", DONE)
            .node("c", DONE, "d").node("d", DONE)));
  }

  @Test
  void aNodeIdAddedTwiceIsRejected() {
    assertEquals("graph 'g': node id(s) added more than once: a",
        error(Graph.builder("g").entry("a").node("a", DONE).node("a", DONE)));
  }

  @Test
  void aNodeIdWithCharactersOutsideTheAllowedSetIsRejectedAtOnce() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> Graph.builder("g").node("a b", DONE));
    assertEquals("a node id must be 1 to 100 letters, digits, '_' or '-', got 'a b'",
        e.getMessage());
  }

  @Test
  void aValidGraphListsItsNodesAndDeclaredEdgesInOrder() {
    Graph g = Graph.builder("g").entry("a").node("a", DONE, "b", "c").node("b", DONE, "c")
        .node("c", DONE).build();
    assertEquals("a", g.entry());
    assertEquals(List.of(new Graph.Node("a", List.of("b", "c")),
        new Graph.Node("b", List.of("c")), new Graph.Node("c", List.of())), g.nodes());
  }
}
