package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ErrorClass;
import dev.weft.Failure;
import dev.weft.IllegalRunStateException;
import dev.weft.RunInfo;
import dev.weft.RunNotFoundException;
import dev.weft.RunStatus;
import dev.weft.internal.Failures;
import dev.weft.internal.Json;
import dev.weft.internal.Signals;
import dev.weft.spi.RunRecord;
import dev.weft.workflow.ActivityFailedException;
import dev.weft.workflow.NonDeterminismException;
import dev.weft.workflow.StillRunningException;
import dev.weft.workflow.WorkflowFailedException;
import dev.weft.workflow.WorkflowHandle;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A {@link WorkflowHandle}: reads the store, follows continue-as-new. */
final class Handle<R> implements WorkflowHandle<R> {
  private final WorkflowRuntime runtime;
  private final String runId;
  private final Type resultType;

  Handle(WorkflowRuntime runtime, String runId, Type resultType) {
    this.runtime = runtime;
    this.runId = runId;
    this.resultType = resultType;
  }

  @Override
  public String runId() {
    return runId;
  }

  /** The latest run of the chain that starts at this handle's run. */
  RunRecord latest() {
    String id = runId;
    while (true) {
      String current = id;
      RunRecord r = runtime.engine.store().find(current)
          .orElseThrow(() -> new RunNotFoundException(current));
      JsonNode d = detail(r);
      if (r.status() == RunStatus.COMPLETED && d.hasNonNull("continued_as")) {
        id = d.get("continued_as").asText();
        continue;
      }
      return r;
    }
  }

  private static JsonNode detail(RunRecord r) {
    String d = r.progress().detail();
    return d == null ? Json.object() : Json.tree(d.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public RunStatus status() {
    return latest().status();
  }

  @Override
  public RunInfo info() {
    return runtime.engine.info(latest());
  }

  @Override
  public R result(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      RunRecord r = latest();
      if (r.status().isTerminal() || r.status() == RunStatus.NEEDS_ATTENTION) {
        return outcome(r);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        JsonNode d = detail(r);
        throw new StillRunningException(r.runId(), r.status(), timeout,
            d.hasNonNull("message") ? " (it " + d.get("message").asText() + ")" : "");
      }
      try {
        runtime.awaitChange(Duration.ofMillis(Math.min(20, Math.max(1, left / 1_000_000))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StillRunningException(r.runId(), r.status(), timeout, " (interrupted)");
      }
    }
  }

  private R outcome(RunRecord r) {
    JsonNode d = detail(r);
    Failure f = r.progress().failure();
    switch (r.status()) {
      case COMPLETED -> {
        JsonNode result = runtime.engine.json(r.progress().result());
        return Json.convert(result == null ? Json.tree((Object) null) : result, resultType,
            "result of run '" + r.runId() + "'");
      }
      case FAILED -> {
        String reason = d.path("reason").asText("");
        if (reason.equals("non_determinism")) {
          throw new NonDeterminismException(r.runId(), d.path("position").asLong(),
              d.path("recorded").asText(), d.path("actual").asText());
        }
        if (reason.equals("activity_failed")) {
          throw new ActivityFailedException(d.path("activity").asText(),
              Failures.fromJson(d.path("failure")), d.path("attempts").asInt(1));
        }
        throw new WorkflowFailedException(r.runId(), r.status(), f,
            f == null ? "it failed" : f.message());
      }
      default -> throw new WorkflowFailedException(r.runId(), r.status(),
          f != null ? f : Failure.of(ErrorClass.UNKNOWN, r.status().name()),
          d.path("message").asText(f == null ? r.status().name() : f.message()));
    }
  }

  @Override
  public void signal(String name, @Nullable Object payload) {
    RunInfo after = new Signals(runtime.engine).send(latest().runId(), name,
        Signals.json(payload, "payload of signal '" + name + "'"), false);
    if (after.status() == RunStatus.WAITING) {
      runtime.due(after.runId());
    }
  }

  @Override
  public void cancel(String reason) {
    RunRecord r = latest();
    if (r.status().isTerminal()) {
      return;
    }
    String id = r.runId();
    try {
      runtime.storeCancel(r, reason);
    } catch (IllegalRunStateException e) {
      return; // it ended meanwhile
    }
    runtime.cancelling.add(id);
    Thread activity = runtime.activities.get(id);
    if (activity != null) {
      activity.interrupt();
    }
    RunRecord now = runtime.engine.store().find(id).orElseThrow();
    if (now.status() == RunStatus.WAITING) {
      runtime.cancelWaiting(id, now.header().definition());
    }
  }

  @Override
  public JsonNode query() {
    return WorkflowClient.view(runtime.engine.store(), latest()).path("state");
  }

  @Override
  public <T> @Nullable T query(String key, Type type) {
    JsonNode v = query().get(key);
    return v == null || v.isNull() ? null : Json.convert(v, type, "state '" + key + "'");
  }
}
