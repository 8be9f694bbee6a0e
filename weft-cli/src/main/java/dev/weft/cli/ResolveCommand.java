package dev.weft.cli;

import dev.weft.Resolution;
import dev.weft.RunInfo;
import dev.weft.Weft;
import dev.weft.internal.Json;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft resolve}: settles a tool call that is in doubt after a crash. */
@Command(name = "resolve", description = {
    "Settle a tool call that was in flight when a process stopped (run status NEEDS_ATTENTION).",
    "Check whether its effect happened first: --retry if it did not, --result if it did,"
        + " --fail to fail the run. Then continue the run with weft resume."})
final class ResolveCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run.")
  String runId;

  @Option(names = "--call", paramLabel = "KEY", required = true,
      description = "The call's key as weft tool-calls shows it, such as s3.c0.")
  String call;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  /** Exactly one of the three ways to settle a call. */
  static final class Action {
    @Option(names = "--retry", required = true,
        description = "The effect did not happen: call the tool again on resume.")
    boolean retry;

    @Option(names = "--result", paramLabel = "JSON", required = true,
        description = "The effect happened: use JSON as the call's result.")
    @Nullable String result;

    @Option(names = "--fail", paramLabel = "MESSAGE", required = true,
        description = "Fail the call, and with it the run.")
    @Nullable String fail;

    Resolution resolution() {
      if (result != null) {
        return Resolution.result(Json.parse(result, "--result"));
      }
      if (fail != null) {
        return Resolution.fail(fail);
      }
      return Resolution.retry();
    }
  }

  @Override
  int inspect(Weft weft, Output out) {
    Resolution resolution = action.resolution();
    RunInfo run = weft.resolve(runId, call, resolution);
    if (out.json()) {
      var doc = Json.object().put("call", call).put("action", resolution.action());
      doc.set("run", Views.run(run));
      out.json(doc);
      return Output.OK;
    }
    String next = switch (run.status()) {
      case PAUSED -> "; continue with: weft resume " + run.definition().name() + " --run-id "
          + runId;
      default -> "";
    };
    out.line("run " + runId + ": call " + call + " resolved (" + resolution.action()
        + "); the run is " + run.status() + next);
    return Output.OK;
  }
}
