package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ErrorClass;
import dev.weft.Failure;
import dev.weft.InvalidInputException;
import dev.weft.LeaseLostException;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.internal.Engine;
import dev.weft.internal.Entries;
import dev.weft.internal.Failures;
import dev.weft.internal.Json;
import dev.weft.internal.Waits;
import dev.weft.spi.Claim;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.RunRecord;
import dev.weft.spi.StaleCommitException;
import dev.weft.spi.Store;
import dev.weft.spi.Wakeup;
import dev.weft.workflow.ActivityFailedException;
import dev.weft.workflow.CancelledException;
import dev.weft.workflow.NonDeterminismException;
import dev.weft.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Drives one claimed workflow run: loads its journal once, replays the code against it, lets the
 * code continue live past it, and commits how the execution ended (a wait, a pause, an
 * attention, the run's end, a continuation as new).
 */
final class Runner {
  private static final int PAGE = 4096;
  /** Entries the fold ignores: their payloads are not parsed. */
  private static final Set<EntryKind> SKIPPED = EnumSet.of(EntryKind.RUN_WAITING,
      EntryKind.RUN_PAUSED, EntryKind.RUN_RESUMED, EntryKind.WF_LOG, EntryKind.ATTENTION_NEEDED,
      EntryKind.RUN_COMPLETED, EntryKind.RUN_FAILED, EntryKind.STEP_COMMITTED);

  private final WorkflowRuntime runtime;
  private final Engine engine;
  private final Workflow<Object, Object> workflow;
  private final RunRecord initial;
  private boolean fresh;
  private boolean background;

  Runner(WorkflowRuntime runtime, Workflow<Object, Object> workflow, RunRecord run) {
    this.runtime = runtime;
    this.engine = runtime.engine;
    this.workflow = workflow;
    this.initial = run;
  }

  /** The run was created by this executor a moment ago: its journal is its start entry. */
  Runner fresh() {
    fresh = true;
    return this;
  }

  Runner background() {
    background = true;
    return this;
  }

  /** Executes the run and reports it as stored afterwards. */
  RunInfo drive(Claim.Granted granted, Waits.@Nullable Woken woken) {
    run(granted, woken);
    return engine.info(engine.store().find(granted.run().runId()).orElseThrow());
  }

  /** Executes the run (in the background: nobody reads how it ended). */
  void run(Claim.Granted granted, Waits.@Nullable Woken woken) {
    RunRecord run = granted.run();
    Engine.Execution lease = engine.start(run);
    Execution x = null;
    try {
      x = new Execution(runtime, run, load(run), workflow, view(run), lease, background);
      execute(x, woken);
    } catch (StaleCommitException e) {
      if (e.leaseLost()) {
        throw new LeaseLostException(run.runId(), run.lease().epoch());
      }
      throw e;
    } finally {
      engine.finish(lease, x == null || !x.released);
      runtime.changed();
    }
  }

  /** The run's journal, read once in pages and folded. */
  private History load(RunRecord run) {
    History h = new History();
    Store store = engine.store();
    if (fresh) {
      List<JournalRecord> first = store.journal(run.key(), 0, 1);
      h.add(new History.Entry(EntryKind.RUN_STARTED, 0, engine.json(first.get(0).payload())));
      return h;
    }
    long after = 0;
    while (true) {
      List<JournalRecord> page = store.journal(run.key(), after, PAGE);
      for (JournalRecord r : page) {
        JsonNode payload = SKIPPED.contains(r.kind()) ? NullNode.getInstance()
            : engine.json(r.payload());
        h.add(new History.Entry(r.kind(), r.step(), payload == null ? NullNode.getInstance()
            : payload));
        after = r.seq();
      }
      if (page.size() < PAGE) {
        return h;
      }
    }
  }

  private ObjectNode view(RunRecord run) {
    byte[] b = run.progress().state() == null ? new byte[0]
        : engine.bytes(run.progress().state());
    JsonNode v = b.length == 0 ? null : Json.tree(b);
    return RunView.isWorkflow(v) ? (ObjectNode) v : Json.object();
  }

  private void execute(Execution x, Waits.@Nullable Woken woken) {
    History h = x.history;
    if (woken != null) {
      Recorded waiting = h.last();
      int pos = waiting == null ? 0 : waiting.pos;
      long seq = x.append(woken.kind(), pos, (ObjectNode) Json.tree(woken.entry()));
      x.writer.wakeup(new Wakeup(seq, woken.signalSeq()));
      x.commitRunning();
    } else if (x.run.status() != RunStatus.RUNNING && x.run.status() != RunStatus.WAITING) {
      x.commitRunning();
    }
    JsonNode start = h.start();
    if (start == null) {
      throw new StoreException("workflow run '" + x.runId() + "' has no start entry");
    }
    Context ctx = new Context(x.runId(), h, x, workflow);
    x.ctx = ctx;
    Object input = Json.convert(start.path("input"), workflow.types().input(),
        "input of " + workflow.name());
    Object result = null;
    Throwable thrown = null;
    try {
      result = workflow.run(input, ctx);
    } catch (Throwable t) {
      thrown = t;
    }
    if (ctx.fatal() != null) {
      throw ctx.fatal(); // nothing more is committed: the next executor replays
    }
    Unwind u = ctx.unwinding();
    if (u != null) {
      unwound(x, u);
      return;
    }
    if (thrown instanceof VirtualMachineError | thrown instanceof StoreException
        | thrown instanceof LeaseLostException | thrown instanceof StaleCommitException) {
      throw sneaky(thrown);
    }
    if (ctx.position() < h.size()) {
      Recorded r = h.at(ctx.position());
      nonDeterministic(x, new NonDeterminismException(x.runId(), ctx.position(),
          r == null ? "more" : r.describe(), thrown == null ? "return" : "throw "
          + thrown.getClass().getSimpleName()));
      return;
    }
    if (thrown instanceof CancelledException c) {
      long now = x.now();
      x.writer.append(EntryKind.RUN_CANCELLED, ctx.position(), now, Entries.reason(c.reason()));
      Failure f = new Failure(ErrorClass.BUSINESS, "Cancelled", c.getMessage());
      x.commitEnd(RunStatus.CANCELLED, null, f, null, null);
      notifyParent(x, RunStatus.CANCELLED, null, f);
    } else if (thrown != null) {
      Failure f = Failure.of(thrown);
      String detail = null;
      if (thrown instanceof ActivityFailedException a) {
        ObjectNode d = Json.object();
        d.put("reason", "activity_failed");
        d.put("activity", a.activity());
        d.put("attempts", a.attempts());
        d.set("failure", Failures.toJson(a.failure()));
        d.put("message", a.getMessage());
        detail = Json.text(d);
      }
      failed(x, f, detail);
    } else {
      byte[] bytes;
      try {
        bytes = Json.encode(result, "result of " + workflow.name());
        Json.decode(bytes, workflow.types().result(), "result of " + workflow.name());
      } catch (InvalidInputException e) {
        failed(x, Failure.of(ErrorClass.VALIDATION, e.getMessage()), null);
        return;
      }
      x.writer.append(EntryKind.RUN_COMPLETED, ctx.position(), x.now(), bytes);
      x.commitEnd(RunStatus.COMPLETED, x.writer.payload(bytes), null, null, null);
      notifyParent(x, RunStatus.COMPLETED, Json.tree(bytes), null);
    }
  }

  private void failed(Execution x, Failure f, @Nullable String detail) {
    int pos = x.ctx == null ? 0 : x.ctx.position();
    x.writer.append(EntryKind.RUN_FAILED, pos, x.now(), Entries.failure(f));
    x.commitEnd(RunStatus.FAILED, null, f, detail, null);
    notifyParent(x, RunStatus.FAILED, null, f);
  }

  private void nonDeterministic(Execution x, NonDeterminismException e) {
    ObjectNode d = Json.object();
    d.put("reason", "non_determinism");
    d.put("position", e.position());
    d.put("recorded", e.recorded());
    d.put("actual", e.actual());
    d.put("message", e.getMessage());
    failed(x, new Failure(ErrorClass.VALIDATION, NonDeterminismException.class.getName(),
        e.getMessage()), Json.text(d));
  }

  private void unwound(Execution x, Unwind u) {
    switch (u.why) {
      case SUSPENDED, STOPPED, END_OF_HISTORY -> {
        // Committed already (or, for a store-less replay, nothing to commit).
      }
      case NON_DETERMINISM -> nonDeterministic(x, java.util.Objects.requireNonNull(
          u.nonDeterminism));
      case CONTINUE -> ContinueAsNew.commit(runtime, x, workflow,
          java.util.Objects.requireNonNull(u.input));
    }
  }

  /** Tells the parent of a child run that it ended (a signal named after the child). */
  static void notifyParent(Execution x, RunStatus status, @Nullable JsonNode result,
      @Nullable Failure failure) {
    String parent = x.run.header().parentRunId();
    if (parent == null) {
      return;
    }
    ObjectNode envelope = Children.envelope(status, result, failure);
    try {
      List<dev.weft.spi.Blob> blobs = new java.util.ArrayList<>();
      var payload = dev.weft.internal.RunWriter.payload(Json.bytes(envelope),
          x.engine.inlineLimit(), blobs);
      var sent = x.store.signal(new dev.weft.spi.NewSignal(parent,
          Children.signalName(ContinueAsNew.root(java.util.Objects.requireNonNull(
              x.history.start()), x.runId())), payload, blobs, x.now(), false));
      if (sent.wakes()) {
        x.runtime.due(parent);
      }
    } catch (dev.weft.WeftException e) {
      // The parent has ended (or is gone): nobody waits for this child any more.
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
