package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.Definition;
import dev.weft.IllegalRunStateException;
import dev.weft.Loop;
import dev.weft.RunHeldException;
import dev.weft.RunInfo;
import dev.weft.Weft;
import dev.weft.internal.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft run}: starts a run and drives it until it completes, fails or pauses. */
@Command(name = "run", description = {
    "Start a run of <definition> and drive it until it completes, fails, pauses or needs"
        + " attention.",
    "Running an existing run id with the same definition and input continues that run."})
final class RunCommand extends DriveCommand {
  @Parameters(index = "0", paramLabel = "<definition>", description = "The definition's name.")
  String definition;

  @Option(names = "--input", paramLabel = "JSON", defaultValue = "{}",
      description = "The run's input (default ${DEFAULT-VALUE}).")
  String input;

  @Option(names = "--wait", description = "If another process executes the run, wait for it"
      + " instead of failing.")
  boolean waitForLease;

  @Override
  int execute(Output out) {
    // Everything that can be refused is checked before the store is opened (or created).
    JsonNode json = Json.parse(input, "--input");
    try (UserCode code = database.userCode()) {
      Definition def = code.definition(definition);
      if (def instanceof Loop<?, ?, ?> loop) {
        Json.convert(json, loop.types().input(), "--input of " + definition);
      }
      try (Weft weft = database.open(true, code)) {
        RunInfo run;
        try {
          run = weft.start(definition, runId, json, options());
        } catch (RunHeldException e) {
          if (!waitForLease) {
            throw e;
          }
          run = resumeWhenFree(weft);
        }
        return report(out, run);
      }
    }
  }

  /**
   * Waits for the lease, then continues the run; if the holder finished it meanwhile, reports
   * the run as it is rather than failing.
   */
  private RunInfo resumeWhenFree(Weft weft) {
    try {
      return weft.resumeWhenFree(runId, options());
    } catch (IllegalRunStateException e) {
      RunInfo now = weft.get(runId);
      if (now.status().isTerminal()) {
        return now;
      }
      throw e;
    }
  }
}
