package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.RunInfo;
import dev.weft.Weft;
import dev.weft.internal.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft respond}: answers the run's pending wait without naming it. */
@Command(name = "respond", description = {
    "Answer what a waiting run asks (or the signal it waits for), without naming it.",
    "The run continues under a running worker (weft worker), or with weft resume."})
final class RespondCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run.")
  String runId;

  @Option(names = "--payload", paramLabel = "JSON", required = true,
      description = "The answer, e.g. '{\"approved\": true}' or '\"yes\"'.")
  String payload;

  private JsonNode json;

  @Override
  void check() {
    json = Json.parse(payload, "--payload");
  }

  @Override
  int inspect(Weft weft, Output out) {
    RunInfo run = weft.respond(runId, json);
    if (out.json()) {
      out.json(Views.run(run));
      return Output.OK;
    }
    out.line("run " + runId + ": answer stored; it " + SignalCommand.continues(run));
    return Output.OK;
  }
}
