package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.Weft;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft explain}: where a run is, what happened to it, and what to do next. */
@Command(name = "explain", description = "Explain a run: facts, counts and the next thing to"
    + " do.")
final class ExplainCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run.")
  String runId;

  @Override
  int inspect(Weft weft, Output out) {
    JsonNode explanation = weft.inspector().explain(runId);
    if (out.json()) {
      out.json(explanation);
      return Output.OK;
    }
    Map<String, String> facts = new LinkedHashMap<>();
    explanation.properties().forEach(p -> {
      if (!p.getKey().equals("summary")) {
        facts.put(p.getKey(), Output.cell(p.getValue(), Output.FIELD_WIDTH));
      }
    });
    out.fields(facts);
    out.line("");
    explanation.path("summary").forEach(line -> out.line(line.asText()));
    return Output.OK;
  }
}
