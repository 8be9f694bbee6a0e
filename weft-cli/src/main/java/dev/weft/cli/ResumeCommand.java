package dev.weft.cli;

import dev.weft.RunInfo;
import dev.weft.Weft;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft resume}: continues a paused, pending or crashed run. */
@Command(name = "resume", description = {
    "Continue a paused run, or one whose process stopped, from its last committed step.",
    "A run held by a process that is gone on this host is taken over at once."})
final class ResumeCommand extends DriveCommand {
  @Parameters(index = "0", paramLabel = "<definition>",
      description = "The definition the run was started with.")
  String definition;

  @Option(names = "--wait", description = "If another process executes the run, wait for it"
      + " instead of failing.")
  boolean waitForLease;

  @Override
  int execute(Output out) {
    try (UserCode code = database.userCode()) {
      code.definition(definition);
      try (Weft weft = database.open(false, code)) {
        checkDefinition(weft, runId, definition, "resume");
        RunInfo run = waitForLease ? weft.resumeWhenFree(runId, options())
            : weft.resume(runId, options());
        return report(out, run);
      }
    }
  }
}
