package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.Definition;
import dev.weft.EnqueueOptions;
import dev.weft.IllegalRunStateException;
import dev.weft.InvalidInputException;
import dev.weft.Loop;
import dev.weft.Queue;
import dev.weft.RunHeldException;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.Weft;
import dev.weft.internal.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft run}: starts a run and drives it until it completes, fails or pauses. */
@Command(name = "run", description = {
    "Start a run of <definition> and drive it until it completes, fails, pauses or needs"
        + " attention.",
    "Running an existing run id with the same definition and input continues that run.",
    "With --enqueue, the run is only created, PENDING in a queue, for workers (weft worker)."})
final class RunCommand extends DriveCommand {
  @Parameters(index = "0", paramLabel = "<definition>", description = "The definition's name.")
  String definition;

  @Option(names = "--input", paramLabel = "JSON", defaultValue = "{}",
      description = "The run's input (default ${DEFAULT-VALUE}).")
  String input;

  @Option(names = "--wait", description = "If another process executes the run, wait for it"
      + " instead of failing.")
  boolean waitForLease;

  @Option(names = "--enqueue", description = "Do not execute the run here: put it in a queue"
      + " for workers (weft worker) and return at once; the run is PENDING.")
  boolean enqueue;

  @Option(names = "--queue", paramLabel = "NAME", defaultValue = Queue.DEFAULT,
      description = "With --enqueue: the queue (default ${DEFAULT-VALUE}).")
  String queue;

  @Option(names = "--priority", paramLabel = "N", defaultValue = "0",
      description = "With --enqueue: higher runs are taken first in their queue (default"
          + " ${DEFAULT-VALUE}).")
  int priority;

  @Option(names = "--dedup-id", paramLabel = "ID",
      description = "With --enqueue: while an unfinished run of the queue has this id, return"
          + " that run instead of enqueueing another.")
  @org.jspecify.annotations.Nullable String dedupId;

  @Option(names = "--owner", paramLabel = "WHO",
      description = "Who a new workflow run is for (listed by weft progress --owner WHO).")
  @org.jspecify.annotations.Nullable String owner;

  @Override
  RunOptions options() {
    return owner == null ? super.options() : super.options().withOwner(owner);
  }

  @Override
  int execute(Output out) {
    // Everything that can be refused is checked before the store is opened (or created).
    JsonNode json = Json.parse(input, "--input");
    try (UserCode code = database.userCode()) {
      Definition def = code.definition(definition);
      if (def instanceof Loop<?, ?, ?> loop) {
        Json.convert(json, loop.types().input(), "--input of " + definition);
      }
      if (owner != null && !(def instanceof dev.weft.workflow.Workflow<?, ?>)) {
        throw new InvalidInputException("--owner applies to workflow runs; '" + definition
            + "' is not a workflow");
      }
      if (owner != null && enqueue) {
        throw new InvalidInputException("--owner cannot be combined with --enqueue");
      }
      try (Weft weft = database.open(true, code)) {
        if (enqueue) {
          EnqueueOptions o = EnqueueOptions.defaults().withQueue(queue).withPriority(priority);
          return report(out, weft.enqueue(definition, runId, json,
              dedupId == null ? o : o.withDedupId(dedupId)));
        }
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
