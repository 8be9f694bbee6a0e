package dev.weft.cli;

import dev.weft.Definition;
import dev.weft.Graph;
import dev.weft.GraphDefinition;
import dev.weft.InvalidInputException;
import dev.weft.internal.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft graph}: the structure of a graph definition, as Mermaid or JSON. */
@Command(name = "graph", description = {
    "Print the structure of a graph definition: its entry node, its nodes and the nodes each"
        + " may go to. Needs no database.",
    "Mermaid output pastes into any Mermaid renderer (GitHub, GitLab, mermaid.live)."})
final class GraphCommand extends WeftCommand {
  @Parameters(index = "0", paramLabel = "<definition>", description = "The graph's name.")
  String definition;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "mermaid",
      description = "mermaid (default) or json.")
  String format = "mermaid";

  @Option(names = "--classpath", paramLabel = "PATH", split = ":",
      description = "Jars or directories with the user's definitions"
          + " (listed in META-INF/services/dev.weft.Definition).")
  List<Path> classpath = new ArrayList<>();

  @Override
  int execute(Output out) {
    String f = format.toLowerCase(Locale.ROOT);
    if (!f.equals("mermaid") && !f.equals("json")) {
      throw new InvalidInputException("--format must be mermaid or json, got '" + format + "'");
    }
    try (UserCode code = UserCode.load(classpath)) {
      Graph graph = graph(code);
      if (f.equals("json")) {
        if (out.json()) {
          out.json(graph.structure());
        } else {
          out.line(Json.pretty(graph.structure()));
        }
      } else if (out.json()) {
        var doc = Json.object();
        doc.put("name", graph.name());
        doc.put("format", "mermaid");
        doc.put("text", graph.mermaid());
        out.json(doc);
      } else {
        out.line(graph.mermaid().stripTrailing());
      }
      return Output.OK;
    }
  }

  private Graph graph(UserCode code) {
    Definition d = code.definition(definition);
    return switch (d) {
      case Graph g -> g;
      case GraphDefinition g -> g.graph();
      default -> throw new InvalidInputException("'" + definition + "' is not a graph; graphs: "
          + String.join(", ", code.definitions().stream()
              .filter(x -> x instanceof Graph || x instanceof GraphDefinition)
              .map(Definition::name).toList()));
    };
  }
}
