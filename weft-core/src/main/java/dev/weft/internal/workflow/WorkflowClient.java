package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.IllegalRunStateException;
import dev.weft.InvalidInputException;
import dev.weft.RunInfo;
import dev.weft.RunNotFoundException;
import dev.weft.RunStatus;
import dev.weft.internal.Json;
import dev.weft.internal.Launcher;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.RunQuery;
import dev.weft.spi.RunRecord;
import dev.weft.spi.Store;
import dev.weft.workflow.StartOptions;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowHandle;
import dev.weft.workflow.WorkflowProgress;
import dev.weft.workflow.Workflows;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** {@link Workflows} on a {@link WorkflowRuntime}. */
public final class WorkflowClient implements Workflows {
  private final WorkflowRuntime runtime;

  public WorkflowClient(WorkflowRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public <I, R> WorkflowHandle<R> start(Workflow<I, R> workflow, I input, StartOptions options) {
    String runId = options.runId() != null ? options.runId() : generatedId(workflow.name());
    Launcher.checkRunId(runId);
    JsonNode tree;
    try {
      tree = Json.tree(input);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("input of " + workflow.name() + " cannot be serialized"
          + " to JSON: " + e.getMessage(), e);
    }
    Json.convert(tree, workflow.types().input(), "input of " + workflow.name());
    Store.Created c = runtime.create(workflow, runId, tree, options.owner(), null, null);
    if (c.created()) {
      runtime.driveNew(WorkflowRuntime.cast(workflow), c.run());
    } else if (stranded(c.run())) {
      runtime.resumeLater(runId);
    }
    return new Handle<>(runtime, runId, workflow.types().result());
  }

  /**
   * Whether an existing run is not moving and nobody will move it: pending, or running under a
   * lease that expired or whose holder is provably dead (a crash). Recovery is re-dispatch.
   */
  private boolean stranded(RunRecord r) {
    if (runtime.engine.executing(r.runId())) {
      return false;
    }
    if (r.status() == RunStatus.PENDING) {
      return true;
    }
    String holder = r.lease().owner();
    return r.status() == RunStatus.RUNNING && (holder == null
        || r.lease().untilMillis() <= runtime.engine.clock().millis()
        || dev.weft.internal.Owner.isProvablyDead(holder));
  }

  private String generatedId(String name) {
    byte[] id = new byte[8];
    synchronized (runtime.engine.random()) {
      runtime.engine.random().nextBytes(id);
    }
    return name + "-" + HexFormat.of().formatHex(id);
  }

  @Override
  public <R> WorkflowHandle<R> handle(String runId, Type resultType) {
    RunRecord r = runtime.engine.store().find(runId)
        .orElseThrow(() -> new RunNotFoundException(runId));
    checkWorkflow(r);
    return new Handle<>(runtime, runId, resultType);
  }

  @Override
  public RunInfo requestCancel(String runId, String reason) {
    java.util.Objects.requireNonNull(reason, "reason");
    RunRecord r = ((Handle<?>) handle(runId, Object.class)).latest();
    if (r.status().isTerminal()) {
      throw new IllegalRunStateException(r.runId(), r.status(),
          "it has ended; there is nothing to cancel");
    }
    return runtime.storeCancel(r, reason);
  }

  private void checkWorkflow(RunRecord r) {
    if (!RunView.isWorkflow(view(runtime.engine.store(), r))) {
      throw new InvalidInputException("run '" + r.runId() + "' is not a workflow run (its"
          + " definition '" + r.header().definition() + "' is a loop or a graph); workflow"
          + " handles and cancellation are for workflow runs");
    }
  }

  @Override
  public List<WorkflowProgress> progress(String owner) {
    return progress(runtime.engine.store(), owner);
  }

  /** The active workflow runs of {@code owner} in a store (no code needed). */
  public static List<WorkflowProgress> progress(Store store, String owner) {
    List<WorkflowProgress> out = new ArrayList<>();
    for (RunStatus s : List.of(RunStatus.RUNNING, RunStatus.WAITING, RunStatus.PENDING,
        RunStatus.PAUSED, RunStatus.NEEDS_ATTENTION)) {
      long offset = 0;
      while (true) {
        List<RunRecord> page = store.list(new RunQuery(s, null, offset, 1000));
        for (RunRecord r : page) {
          JsonNode view = view(store, r);
          if (RunView.isWorkflow(view) && owner.equals(view.path("owner").asText(null))) {
            out.add(RunView.progress(r.runId(), r.header().definition(), view, r.status()));
          }
        }
        if (page.size() < 1000) {
          break;
        }
        offset += page.size();
      }
    }
    return out;
  }

  static JsonNode view(Store store, RunRecord r) {
    if (r.progress().state() == null) {
      return Json.object();
    }
    byte[] b = switch (r.progress().state()) {
      case dev.weft.spi.Payload.Inline i -> i.bytes();
      case dev.weft.spi.Payload.BlobRef ref -> store.blob(ref.hash()).orElse(new byte[0]);
    };
    return b.length == 0 ? Json.object() : Json.tree(b);
  }

  @Override
  public JsonNode export(String runId) {
    return export(runtime.engine.store(), runId);
  }

  /** A run's journal as JSON: {@code {"run_id", "definition", "version", "entries": [...]}}. */
  public static JsonNode export(Store store, String runId) {
    RunRecord r = store.find(runId).orElseThrow(() -> new RunNotFoundException(runId));
    ObjectNode out = Json.object();
    out.put("format", "weft-workflow-history/1");
    out.put("run_id", runId);
    out.put("definition", r.header().definition());
    out.put("version", r.header().version());
    out.put("status", r.status().name());
    ArrayNode entries = out.putArray("entries");
    long after = 0;
    while (true) {
      List<JournalRecord> page = store.journal(r.key(), after, 4096);
      for (JournalRecord j : page) {
        ObjectNode e = entries.addObject();
        e.put("seq", j.seq());
        e.put("kind", j.kind().name());
        e.put("step", j.step());
        e.put("at", j.atMillis());
        byte[] b = switch (j.payload()) {
          case dev.weft.spi.Payload.Inline i -> i.bytes();
          case dev.weft.spi.Payload.BlobRef ref -> store.blob(ref.hash()).orElse(new byte[0]);
        };
        e.set("payload", b.length == 0 ? null : Json.tree(b));
        after = j.seq();
      }
      if (page.size() < 4096) {
        return out;
      }
    }
  }

  @Override
  public List<String> logs(String runId) {
    Store store = runtime.engine.store();
    RunRecord r = store.find(runId).orElseThrow(() -> new RunNotFoundException(runId));
    List<String> out = new ArrayList<>();
    long after = 0;
    while (true) {
      List<JournalRecord> page = store.journal(r.key(), after, 4096);
      for (JournalRecord j : page) {
        if (j.kind() == EntryKind.WF_LOG) {
          JsonNode p = runtime.engine.json(j.payload());
          if (p != null) {
            out.add(p.path("level").asText() + " " + p.path("message").asText());
          }
        }
        after = j.seq();
      }
      if (page.size() < 4096) {
        return out;
      }
    }
  }
}
