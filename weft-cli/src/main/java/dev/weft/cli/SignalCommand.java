package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.internal.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft signal}: sends a named signal to a run. */
@Command(name = "signal", description = {
    "Send signal <name> to a run that has not ended. It is stored durably before this returns,"
        + " delivered once, in the order sent, and kept until the run waits for it.",
    "A waiting run continues under a running worker (weft worker), or with weft resume."})
final class SignalCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run.")
  String runId;

  @Option(names = "--name", paramLabel = "NAME", required = true,
      description = "The signal's name: the wait key the run waits for.")
  String name;

  @Option(names = "--payload", paramLabel = "JSON", defaultValue = "null",
      description = "The signal's data (default ${DEFAULT-VALUE}).")
  String payload;

  private JsonNode json;

  @Override
  void check() {
    json = Json.parse(payload, "--payload");
  }

  @Override
  int inspect(Weft weft, Output out) {
    RunInfo run = weft.signal(runId, name, json);
    if (out.json()) {
      out.json(Views.run(run));
      return Output.OK;
    }
    JsonNode detail = run.detail();
    boolean awaited = run.status() == RunStatus.WAITING && detail != null
        && name.equals(detail.path("key").asText(null));
    String head = "run " + runId + ": signal '" + name + "' stored; ";
    out.line(head + (awaited ? "the run waits for it and " + continues(run)
        : run.status() == RunStatus.WAITING ? "the run " + Views.waiting(run)
            + " now, and receives it once it waits for '" + name + "'"
            : "the run is " + run.status() + " and receives it once it waits for '" + name
                + "'"));
    return Output.OK;
  }

  /** How a run that has what it waits for goes on. */
  static String continues(RunInfo run) {
    return "continues under a running worker (weft worker) or with: weft resume "
        + run.definition().name() + " --run-id " + run.runId();
  }
}
