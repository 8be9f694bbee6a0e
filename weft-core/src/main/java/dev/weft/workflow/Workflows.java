package dev.weft.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.RunInfo;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Starting workflow runs and reaching them: {@code weft.workflows()}.
 *
 * <pre>{@code
 * WorkflowHandle<Receipt> h = weft.workflows().start(new OrderWorkflow(), order,
 *     StartOptions.id("order-42").withOwner("alice"));
 * Receipt r = h.result(Duration.ofSeconds(30));
 * }</pre>
 */
public interface Workflows {
  /**
   * Starts a run of {@code workflow} (registering it) and executes it in the background.
   * Starting an id that exists returns that run's handle; an id of another definition is an
   * error ({@link dev.weft.InvalidInputException}).
   */
  <I, R> WorkflowHandle<R> start(Workflow<I, R> workflow, I input, StartOptions options);

  default <I, R> WorkflowHandle<R> start(Workflow<I, R> workflow, I input) {
    return start(workflow, input, StartOptions.defaults());
  }

  /**
   * The handle of an existing run.
   *
   * @throws dev.weft.RunNotFoundException if there is no such run
   */
  <R> WorkflowHandle<R> handle(String runId, Type resultType);

  /**
   * Asks a workflow run to cancel, executing nothing in this process: the cancellation is
   * stored durably and a waiting run becomes due at once, so whichever instance or worker
   * executes the run delivers it at the run's next wait, where cleanup steps may run. A tool or
   * a service without the workflow's code can call it. {@link WorkflowHandle#cancel} does the
   * same and, in the process executing the run, also interrupts a running activity.
   *
   * @return the run (the last of a continue-as-new chain) as stored after the request
   * @throws dev.weft.RunNotFoundException if there is no such run
   * @throws dev.weft.InvalidInputException if it is not a workflow run
   * @throws dev.weft.IllegalRunStateException if it has ended
   */
  RunInfo requestCancel(String runId, String reason);

  /** The active (not ended) workflow runs of {@code owner}, newest first. */
  List<WorkflowProgress> progress(String owner);

  /** The run's history as JSON, for {@link Replayer} and replay tests. */
  JsonNode export(String runId);

  /** The log lines the run's code wrote, in order. */
  List<String> logs(String runId);
}
