package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.InvalidInputException;
import dev.weft.internal.Json;
import dev.weft.spi.EntryKind;
import dev.weft.workflow.Activity;
import dev.weft.workflow.ActivityFailedException;
import dev.weft.workflow.CancelledException;
import dev.weft.workflow.ChildHandle;
import dev.weft.workflow.NonDeterminismException;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowContext;
import dev.weft.workflow.WorkflowLogger;
import dev.weft.workflow.WorkflowState;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The replay kernel: each call takes the next position, compares it with the history, and
 * returns the recorded outcome; past the end of the history it asks {@link Live} to execute.
 */
final class Context implements WorkflowContext {
  private final String runId;
  private final History history;
  private final @Nullable Live live;
  private final List<Workflow.StepInfo> declared;
  private final State state;
  private int pos;
  private @Nullable Unwind unwinding;
  private @Nullable Random random;
  private final Map<String, Integer> versions = new HashMap<>();
  private int progressIndex;
  /** The step whose body runs now, if any: a body makes no commands of its own. */
  private @Nullable String inStep;
  private @Nullable RuntimeException fatal;

  Context(String runId, History history, @Nullable Live live, Workflow<?, ?> workflow) {
    this.runId = runId;
    this.history = history;
    this.live = live;
    this.declared = workflow.steps();
    this.state = new State(this);
  }

  int position() {
    return pos;
  }

  ObjectNode stateNode() {
    return state.values;
  }

  @Nullable Unwind unwinding() {
    return unwinding;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public boolean isReplaying() {
    return pos < history.size();
  }

  // ---- the position machine ----

  /** Takes the next position: its recorded command (checked against this one), or null. */
  @Nullable Recorded next(Cmd kind, String name, @Nullable String hash) {
    check();
    if (inStep != null) {
      throw new InvalidInputException("the body of step '" + inStep + "' makes a "
          + kind.label + " ('" + name + "'); a step's body runs once and is recorded as a"
          + " whole, so it cannot contain workflow commands: make them outside the step");
    }
    int p = pos++;
    Recorded r = history.at(p);
    if (r != null && (r.kind != kind || !r.name.equals(name) || !Objects.equals(r.hash, hash))) {
      throw unwind(Unwind.nonDeterminism(new NonDeterminismException(runId, p, r.describe(),
          Cmd.describe(kind, name, hash))));
    }
    return r;
  }

  void check() {
    if (unwinding != null) {
      throw unwinding;
    }
    if (fatal != null) {
      throw fatal;
    }
  }

  Unwind unwind(Unwind u) {
    unwinding = u;
    return u;
  }

  Live live() {
    if (live == null) {
      throw unwind(Unwind.of(Unwind.Why.END_OF_HISTORY));
    }
    return live;
  }

  /**
   * Runs a live action, remembering any unwind it raises, and any failure of the store or the
   * lease: code that catches those must not go on to commit an ending over a broken history.
   */
  void execute(Runnable action) {
    try {
      action.run();
    } catch (Unwind u) {
      throw unwind(u);
    } catch (dev.weft.StoreException | dev.weft.LeaseLostException
        | dev.weft.spi.StaleCommitException e) {
      fatal = e;
      throw e;
    }
  }

  /** A store or lease failure raised during this execution, even if the code caught it. */
  @Nullable RuntimeException fatal() {
    return fatal;
  }

  private static ObjectNode entry(String name, @Nullable String hash) {
    ObjectNode e = Json.object();
    e.put("name", name);
    if (hash != null) {
      e.put("hash", hash);
    }
    return e;
  }

  private Recorded recorded(int p) {
    return Objects.requireNonNull(history.at(p), "live action recorded nothing");
  }

  private <R> R outcome(Recorded r, Type type) {
    if (r.cancelled != null) {
      throw new CancelledException(r.cancelled);
    }
    if (r.failure != null) {
      throw new ActivityFailedException(r.name, r.failure, r.attempts);
    }
    return Json.convert(Objects.requireNonNull(r.result), type, "recorded result of "
        + r.kind.label + " '" + r.name + "'");
  }

  private void progressFor(String name) {
    for (int i = 0; i < declared.size(); i++) {
      if (declared.get(i).name().equals(name)) {
        if (progressIndex != i + 1) {
          progressIndex = i + 1;
          if (live != null) {
            live.progress(i + 1, name);
          }
        }
        return;
      }
    }
  }

  // ---- steps and activities ----

  @Override
  public <R> R step(String name, Class<R> type, Activity.Fn0<R> fn) {
    Recorded r = next(Cmd.STEP, name, null);
    progressFor(name);
    if (r == null || !r.done) {
      int p = pos - 1;
      Live l = live();
      inStep = name;
      try {
        execute(() -> l.step(p, entry(name, null), fn));
      } finally {
        inStep = null;
      }
      r = recorded(p);
    }
    return outcome(r, type);
  }

  @Override
  public void step(String name, Activity.Run0 fn) {
    step(name, Object.class, () -> {
      fn.run();
      return null;
    });
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A, R> R activity(Activity<A, R> activity, A args) {
    check();
    JsonNode tree;
    try {
      tree = Json.tree(args);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("arguments of activity '" + activity.name()
          + "' cannot be serialized to JSON: " + e.getMessage(), e);
    }
    String hash = Hashes.of(tree);
    Recorded r = next(Cmd.ACTIVITY, activity.name(), hash);
    progressFor(activity.name());
    if (r == null || !r.done) {
      int p = pos - 1;
      Recorded existing = r;
      ObjectNode e = Json.object();
      e.put("tool", activity.name());
      e.put("hash", hash);
      e.set("args", tree);
      execute(() -> live().activity(p, e, (Activity<Object, Object>) activity, args, existing));
      r = recorded(p);
    }
    return outcome(r, activity.resultType());
  }

  // ---- waits ----

  @Override
  public void sleep(Duration duration) {
    String hash = Hashes.of(Json.tree(duration.toMillis()));
    Recorded r = next(Cmd.SLEEP, "sleep", hash);
    if (r == null || !r.done) {
      int p = pos - 1;
      Recorded existing = r;
      long until = r != null ? r.data.path("until").asLong()
          : live().nowMillis() + Math.max(0, duration.toMillis());
      ObjectNode e = entry("sleep", hash);
      e.put("until", until);
      execute(() -> live().await(p, e, EntryKind.WF_SLEEP, existing, new Live.Wait.Until(until)));
      r = recorded(p);
    }
    if (r.cancelled != null) {
      throw new CancelledException(r.cancelled);
    }
  }

  @Override
  public <T> T awaitSignal(String name, Type type) {
    return this.<T>signal(name, type, null).orElseThrow(() -> new IllegalStateException(
        "signal wait without timeout timed out"));
  }

  @Override
  public <T> Optional<T> awaitSignal(String name, Type type, Duration timeout) {
    return signal(name, type, Objects.requireNonNull(timeout, "timeout"));
  }

  private <T> Optional<T> signal(String name, Type type, @Nullable Duration timeout) {
    if (name.startsWith("weft.")) {
      throw new InvalidInputException("signal names starting with 'weft.' are Weft's own");
    }
    Recorded r = next(Cmd.SIGNAL, name, null);
    if (r == null || !r.done) {
      int p = pos - 1;
      Recorded existing = r;
      Long at = r != null ? (r.data.hasNonNull("timeout_at") ? r.data.get("timeout_at").asLong()
          : null) : Live.deadline(live().nowMillis(), timeout);
      ObjectNode e = entry(name, null);
      if (at != null) {
        e.put("timeout_at", at);
      }
      execute(() -> live().await(p, e, EntryKind.WF_SIGNAL_WAIT, existing,
          new Live.Wait.Signal(name, at)));
      r = recorded(p);
    }
    if (r.cancelled != null) {
      throw new CancelledException(r.cancelled);
    }
    if (r.timedOut) {
      return Optional.empty();
    }
    return Optional.ofNullable(Json.convert(Objects.requireNonNull(r.result), type,
        "payload of signal '" + name + "'"));
  }

  // ---- children ----

  @Override
  public <I, R> ChildHandle<R> startChild(Workflow<I, R> workflow, I input) {
    JsonNode tree = Json.tree(input);
    String hash = Hashes.of(tree);
    Recorded r = next(Cmd.CHILD_START, workflow.name(), hash);
    int p = pos - 1;
    String childId = r != null ? r.data.path("child").asText() : runId + "/" + p;
    if (r == null) {
      ObjectNode e = entry(workflow.name(), hash);
      e.put("child", childId);
      execute(() -> live().startChild(p, e, workflow, childId, tree));
    }
    Type resultType = workflow.types().result();
    return new ChildHandle<>() {
      @Override
      public String runId() {
        return childId;
      }

      @Override
      public R result() {
        return childResult(childId, resultType);
      }
    };
  }

  private <R> R childResult(String childId, Type type) {
    Recorded r = next(Cmd.CHILD_AWAIT, childId, null);
    if (r == null || !r.done) {
      int p = pos - 1;
      Recorded existing = r;
      execute(() -> live().await(p, entry(childId, null), EntryKind.WF_CHILD_AWAIT, existing,
          new Live.Wait.Child(childId)));
      r = recorded(p);
    }
    if (r.cancelled != null) {
      throw new CancelledException(r.cancelled);
    }
    return Children.result(childId, Objects.requireNonNull(r.result), type);
  }

  @Override
  public <T> T continueAsNew(Object input) {
    check();
    throw unwind(Unwind.continueAsNew(Json.tree(input)));
  }

  // ---- recorded values ----

  @Override
  public WorkflowState state() {
    check();
    return state;
  }

  /** Records a state change at the next position (or checks it against the history). */
  void stateChange(ObjectNode changes) {
    String name = String.join(",", (Iterable<String>) changes::fieldNames);
    String hash = Hashes.of(changes);
    Recorded r = next(Cmd.STATE, name, hash);
    state.values.setAll(changes);
    if (r == null) {
      int p = pos - 1;
      ObjectNode e = entry(name, hash);
      e.set("set", changes);
      execute(() -> {
        live().record(EntryKind.WF_STATE, p, e);
        live().stateChanged(state.values);
      });
    }
  }

  private JsonNode value(Cmd kind, String field, java.util.function.Supplier<JsonNode> fresh) {
    Recorded r = next(kind, kind.label, null);
    if (r != null) {
      return r.data.path(field);
    }
    int p = pos - 1;
    JsonNode v = fresh.get();
    ObjectNode e = entry(kind.label, null);
    e.put("what", kind.name());
    e.set(field, v);
    execute(() -> live().record(EntryKind.WF_VALUE, p, e));
    return v;
  }

  @Override
  public Instant now() {
    return Instant.ofEpochMilli(value(Cmd.NOW, "millis",
        () -> Json.tree(live().nowMillis())).asLong());
  }

  @Override
  public RandomGenerator random() {
    if (random == null) {
      random = new Random(value(Cmd.RANDOM, "seed", () -> Json.tree(live().seed())).asLong());
    }
    check();
    return random;
  }

  @Override
  public UUID uuid() {
    return UUID.fromString(value(Cmd.UUID, "uuid",
        () -> Json.tree(new UUID(live().seed(), live().seed()).toString())).asText());
  }

  @Override
  public int version(String changeId, int minSupported, int maxSupported) {
    check();
    if (minSupported > maxSupported) {
      throw new InvalidInputException("version range " + minSupported + ".." + maxSupported
          + " of change '" + changeId + "' is empty");
    }
    Integer known = versions.get(changeId);
    if (known != null) {
      return known;
    }
    Recorded r = history.at(pos);
    int v;
    if (r != null && r.kind == Cmd.VERSION && r.name.equals(changeId)) {
      pos++;
      v = r.data.path("version").asInt();
      if (v < minSupported || v > maxSupported) {
        throw unwind(Unwind.nonDeterminism(new NonDeterminismException(runId, r.pos,
            "version " + v + " of change '" + changeId + "'", "only versions " + minSupported
            + ".." + maxSupported + " of it")));
      }
    } else if (r != null) {
      if (minSupported != DEFAULT_VERSION) {
        throw unwind(Unwind.nonDeterminism(new NonDeterminismException(runId, pos,
            r.describe() + " (the run predates change '" + changeId + "')",
            "version marker '" + changeId + "' without DEFAULT_VERSION support")));
      }
      v = DEFAULT_VERSION;
    } else {
      v = maxSupported;
      int p = pos++;
      ObjectNode e = entry(changeId, null);
      e.put("version", v);
      execute(() -> live().record(EntryKind.WF_VERSION, p, e));
    }
    versions.put(changeId, v);
    return v;
  }

  @Override
  public WorkflowLogger logger() {
    return new WorkflowLogger() {
      @Override
      public void info(String message) {
        log("INFO", message);
      }

      @Override
      public void warn(String message) {
        log("WARN", message);
      }

      @Override
      public void error(String message) {
        log("ERROR", message);
      }
    };
  }

  private void log(String level, String message) {
    check();
    if (!isReplaying() && live != null) {
      execute(() -> live.log(pos, level, message));
    }
  }
}
