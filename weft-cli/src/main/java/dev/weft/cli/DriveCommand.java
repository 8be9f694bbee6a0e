package dev.weft.cli;

import dev.weft.InvalidInputException;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.Weft;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Base of the commands that execute a run ({@code run}, {@code resume}, {@code retry}): they
 * load the user's code, drive the run until it stops, and report how it stopped.
 */
abstract class DriveCommand extends WeftCommand {
  @Mixin Database database;

  @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run.")
  String runId;

  @Option(names = "--max-steps", paramLabel = "N", defaultValue = "0",
      description = "Pause the run after N steps in this invocation (0 = no limit).")
  long maxSteps;

  RunOptions options() {
    return RunOptions.defaults().withMaxSteps(maxSteps);
  }

  /** Refuses to continue a run under another definition than the one it was started with. */
  static void checkDefinition(Weft weft, String runId, String definition, String command) {
    RunInfo run = weft.get(runId);
    String stored = run.definition().name();
    if (!stored.equals(definition)) {
      throw new InvalidInputException("run '" + runId + "' is a run of '" + stored + "', not '"
          + definition + "'; use: weft " + command + " " + stored + " --run-id " + runId);
    }
  }

  /**
   * Prints how the run stopped. Exit code 1 when it failed, needs attention or was cancelled:
   * the work asked for did not happen.
   */
  static int report(Output out, RunInfo r) {
    int code = switch (r.status()) {
      case FAILED, NEEDS_ATTENTION, CANCELLED -> Output.RUN_FAILED;
      default -> Output.OK;
    };
    if (out.json()) {
      out.json(Views.run(r));
      return code;
    }
    String head = "run " + r.runId() + ": " + r.status() + " after " + r.steps() + " step"
        + (r.steps() == 1 ? "" : "s");
    String def = r.definition().name();
    out.line(switch (r.status()) {
      case COMPLETED -> head + ", result " + Output.cell(r.result());
      case PAUSED -> head + "; continue with: weft resume " + def + " --run-id " + r.runId();
      case FAILED -> head + ": " + (r.failure() == null ? "unknown failure"
          : Output.oneLine(Views.text(r.failure()))) + "; once the cause is fixed: weft retry "
          + def + " --run-id " + r.runId();
      case NEEDS_ATTENTION -> head + ": the run needs attention: " + attention(r);
      case WAITING -> head + "; it " + (r.detail() == null ? "waits"
          : r.detail().path("message").asText("waits"));
      case PENDING -> head + "; in queue for a worker (weft worker)";
      default -> head;
    });
    return code;
  }

  private static String attention(RunInfo r) {
    if (r.detail() == null || !r.detail().hasNonNull("call")) {
      return "see weft explain --run-id " + r.runId();
    }
    String call = r.detail().get("call").asText();
    return "tool call '" + call + "' of tool '" + r.detail().path("tool").asText("?")
        + "' was in flight when a process stopped and the tool is not idempotent; check whether"
        + " its effect happened, then settle it with: weft resolve --run-id " + r.runId()
        + " --call " + call + " (--retry | --result JSON | --fail MESSAGE)";
  }
}
