package dev.weft.cli;

import dev.weft.Weft;
import dev.weft.internal.Json;
import dev.weft.internal.workflow.WorkflowClient;
import dev.weft.workflow.WorkflowProgress;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft progress}: where an owner's active workflow runs are, for people. */
@Command(name = "progress", description = "List an owner's active workflow runs: agent,"
    + " message, current step of total, status.")
final class ProgressCommand extends InspectCommand {
  @Option(names = "--owner", paramLabel = "OWNER", required = true,
      description = "The owner given when the runs were started.")
  String owner;

  @Override
  int inspect(Weft weft, Output out) {
    List<WorkflowProgress> runs = WorkflowClient.progress(weft.store(), owner);
    if (out.json()) {
      var doc = Json.object().put("owner", owner);
      var array = doc.putArray("runs");
      for (WorkflowProgress p : runs) {
        array.addObject().put("run_id", p.runId()).put("workflow", p.workflow())
            .put("agent", p.agent()).put("message", p.message()).put("step", p.step())
            .put("total", p.total()).put("step_name", p.stepName())
            .put("status", p.status().name());
      }
      out.json(doc);
      return Output.OK;
    }
    out.table(List.of("RUN", "WORKFLOW", "AGENT", "MESSAGE", "STEP", "STATUS"),
        runs.stream().map(p -> List.of(p.runId(), p.workflow(),
            p.agent() == null ? "-" : p.agent(), p.message(),
            p.total() == 0 ? "-" : p.step() + " of " + p.total(), p.status().name())).toList());
    return Output.OK;
  }
}
