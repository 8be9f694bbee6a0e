package dev.weft.cli;

import dev.weft.Weft;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code weft retry}: continues a FAILED run from its last committed step. */
@Command(name = "retry", description = "Continue a FAILED run from its last committed step"
    + " (attempt numbers continue; committed steps are not redone).")
final class RetryCommand extends DriveCommand {
  @Parameters(index = "0", paramLabel = "<definition>",
      description = "The definition the run was started with.")
  String definition;

  @Override
  int execute(Output out) {
    try (UserCode code = database.userCode()) {
      code.definition(definition);
      try (Weft weft = database.open(false, code)) {
        checkDefinition(weft, runId, definition, "retry");
        return report(out, weft.retry(runId, options()));
      }
    }
  }
}
