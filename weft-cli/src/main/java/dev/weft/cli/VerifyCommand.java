package dev.weft.cli;

import dev.weft.Verification;
import dev.weft.Weft;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft verify}: checks a run's journal against its hash chain. */
@Command(name = "verify", description = {
    "Check a run's journal against its hash chain, entry count and head.",
    "Exit code 0 when intact; 1, naming the first bad entry, when not."})
final class VerifyCommand extends InspectCommand {
  @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run.")
  String runId;

  @Override
  int inspect(Weft weft, Output out) {
    Verification v = weft.inspector().verify(runId);
    int code = v.intact() ? Output.OK : Output.RUN_FAILED;
    if (out.json()) {
      out.json(Views.verification(v));
      return code;
    }
    String chain = v.keyed() ? "HMAC-SHA256" : "SHA-256";
    if (v.intact()) {
      out.line("run " + v.runId() + ": journal intact (" + v.entries() + " entries, " + chain
          + " chain)");
    } else {
      out.line("run " + v.runId() + ": journal NOT intact"
          + (v.firstBadSeq() == null ? "" : ", first bad entry: " + v.firstBadSeq()) + ": "
          + v.problem());
    }
    return code;
  }
}
