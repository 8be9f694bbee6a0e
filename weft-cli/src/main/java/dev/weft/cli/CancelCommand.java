package dev.weft.cli;

import dev.weft.InvalidInputException;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft cancel}: asks a workflow run to cancel. */
@Command(name = "cancel", description = {
    "Ask a workflow run to cancel. The cancellation is stored durably before this returns; the"
        + " workflow receives it at its next wait (a sleep, a signal, a child), where its"
        + " cleanup steps may run, and ends with the outcome its code chooses.",
    "A waiting run becomes due at once: it continues under a running worker (weft worker), in"
        + " the instance that executes it, or with weft resume. Nothing is executed here."})
final class CancelCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", required = true,
      description = "The workflow run (or the first run of a continue-as-new chain).")
  String runId;

  @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "cancelled with weft cancel",
      description = "Why; the workflow's code receives it (default: ${DEFAULT-VALUE}).")
  String reason;

  @Override
  void check() {
    if (reason.isBlank()) {
      throw new InvalidInputException("--reason must not be blank");
    }
  }

  @Override
  int inspect(Weft weft, Output out) {
    RunInfo run = weft.workflows().requestCancel(runId, reason);
    if (out.json()) {
      out.json(Views.run(run));
      return Output.OK;
    }
    out.line("run " + run.runId() + ": cancellation stored; " + (run.status() == RunStatus.WAITING
        ? "the run was waiting and " + SignalCommand.continues(run)
        : "the run is " + run.status() + " and receives it at its next wait"));
    return Output.OK;
  }
}
