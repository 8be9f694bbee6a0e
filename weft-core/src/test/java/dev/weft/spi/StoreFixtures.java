package dev.weft.spi;

import dev.weft.ErrorClass;
import dev.weft.Failure;
import dev.weft.RunStatus;
import dev.weft.internal.HashChain;
import dev.weft.spi.RunRecord.RunHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builders of {@link NewRun} and {@link Commit} values for store tests, with real hash-chained
 * journal entries (the store only persists the hashes, but real ones make mix-ups visible), and
 * a canonical text form of stored records so that records holding byte arrays compare by value.
 */
public final class StoreFixtures {
  /** A fixed point in time the tests count from. */
  public static final long T0 = 1_700_000_000_000L;

  private static final HashChain CHAIN = HashChain.plain();

  private StoreFixtures() {}

  public static Payload.Inline json(String text) {
    return new Payload.Inline(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A run of definition {@code "def"} created at {@link #T0}, not held. */
  public static NewRun newRun(String runId) {
    return newRun(runId, "def", T0, null, 0);
  }

  /** A run with a start entry and a small initial state. */
  public static NewRun newRun(String runId, String definition, long createdMillis,
      @Nullable String owner, long leaseUntilMillis) {
    Entries entries = new Entries(runId, 0, HashChain.genesis());
    entries.add(EntryKind.RUN_STARTED, 0, createdMillis, json("{\"input\":1}"));
    return new NewRun(runId, new RunHeader(definition, 1, createdMillis, null),
        json("{\"n\":0}"), entries.list, entries.head(), List.of(), owner, leaseUntilMillis);
  }

  /** A commit on {@code run} at the epoch and journal length it shows. */
  public static CommitBuilder commit(RunRecord run) {
    return new CommitBuilder(run);
  }

  public static ToolCallRow pendingCall(String key, long step, long intentSeq) {
    return new ToolCallRow(key, "tool-" + key, step, ToolCallRow.Status.PENDING, intentSeq, null,
        T0 + intentSeq, null);
  }

  public static ToolCallRow doneCall(String key, long step, long intentSeq, long resultSeq) {
    return new ToolCallRow(key, "tool-" + key, step, ToolCallRow.Status.DONE, intentSeq,
        resultSeq, T0 + intentSeq, T0 + resultSeq);
  }

  public static AttemptRecord attempt(long step, int attempt, AttemptRecord.Outcome outcome) {
    Failure failure = outcome == AttemptRecord.Outcome.SUCCEEDED ? null
        : Failure.of(ErrorClass.TRANSIENT, "attempt " + attempt + " of " + step);
    return new AttemptRecord(step, attempt, T0 + step * 100 + attempt,
        T0 + step * 100 + attempt + 1, outcome, failure);
  }

  public static Blob blob(byte[] bytes) {
    return new Blob(HashChain.hex(HashChain.digest(bytes)), bytes);
  }

  /** A run as text, byte arrays as hex, so that two reads of an unchanged run are equal. */
  public static String show(RunRecord r) {
    RunRecord.Progress p = r.progress();
    return r.key() + " " + r.runId() + " " + r.header() + " " + r.status() + " steps="
        + p.steps() + " state=" + show(p.state()) + " result=" + show(p.result()) + " failure="
        + p.failure() + " detail=" + p.detail() + " wait=" + p.waiting() + " woken="
        + p.wokenSeq() + " " + r.lease()
        + " chain=" + show(r.chain()) + " updated=" + r.updatedMillis();
  }

  public static String show(ChainHead c) {
    return c.count() + "/" + HashChain.hex(c.hash()) + (c.keyed() ? "/keyed" : "");
  }

  public static String show(JournalRecord e) {
    return e.seq() + " " + e.kind() + " step=" + e.step() + " at=" + e.atMillis() + " "
        + show(e.payload()) + " #" + HashChain.hex(e.hash());
  }

  public static List<String> show(List<JournalRecord> entries) {
    return entries.stream().map(StoreFixtures::show).toList();
  }

  public static String show(@Nullable Payload p) {
    return switch (p) {
      case null -> "null";
      case Payload.Inline i -> "'" + new String(i.bytes(), StandardCharsets.UTF_8) + "'";
      case Payload.BlobRef b -> "blob:" + b.hash() + "/" + b.size();
    };
  }

  /** Hash-chained journal entries of one run. */
  static final class Entries {
    private final String runId;
    private long count;
    private byte[] head;
    final List<JournalRecord> list = new ArrayList<>();

    Entries(String runId, long count, byte[] head) {
      this.runId = runId;
      this.count = count;
      this.head = head;
    }

    void add(EntryKind kind, long step, long atMillis, Payload payload, byte[] content) {
      long seq = ++count;
      head = CHAIN.link(head, runId, seq, kind, step, atMillis, HashChain.digest(content));
      list.add(new JournalRecord(seq, kind, step, atMillis, payload, HashChain.stored(head)));
    }

    void add(EntryKind kind, long step, long atMillis, Payload.Inline payload) {
      add(kind, step, atMillis, payload, payload.bytes());
    }

    ChainHead head() {
      return new ChainHead(count, head, false);
    }
  }

  /** A commit being put together; every part defaults to "no change". */
  public static final class CommitBuilder {
    private final RunRecord run;
    private final Entries entries;
    private long epoch;
    private long expectedCount;
    private RunStatus status;
    private long steps;
    private @Nullable Payload state;
    private @Nullable Payload result;
    private @Nullable Failure failure;
    private @Nullable String detail;
    private @Nullable Waiting waiting;
    private @Nullable Wakeup wakeup;
    private boolean release;
    private boolean progressOnly;
    private final List<AttemptRecord> attempts = new ArrayList<>();
    private final List<ToolCallRow> toolCalls = new ArrayList<>();
    private final List<Blob> blobs = new ArrayList<>();

    CommitBuilder(RunRecord run) {
      this.run = run;
      this.entries = new Entries(run.runId(), run.chain().count(), run.chain().hash());
      this.epoch = run.lease().epoch();
      this.expectedCount = run.chain().count();
      this.status = RunStatus.RUNNING;
      this.steps = run.progress().steps();
    }

    /** Appends an entry with an inline JSON payload. */
    public CommitBuilder entry(EntryKind kind, long step, long atMillis, String payloadJson) {
      entries.add(kind, step, atMillis, json(payloadJson));
      return this;
    }

    /** Appends an entry whose payload is stored as a blob carried by this commit. */
    public CommitBuilder blobEntry(EntryKind kind, long step, long atMillis, byte[] content) {
      Blob b = StoreFixtures.blob(content);
      blobs.add(b);
      entries.add(kind, step, atMillis, new Payload.BlobRef(b.hash(), content.length), content);
      return this;
    }

    /** A committed step: one STEP_COMMITTED entry, steps + 1, the given state. */
    public CommitBuilder step(long atMillis, String stateJson) {
      entry(EntryKind.STEP_COMMITTED, steps, atMillis, stateJson);
      steps++;
      state = json(stateJson);
      return this;
    }

    public CommitBuilder epoch(long value) {
      epoch = value;
      return this;
    }

    public CommitBuilder status(RunStatus value) {
      status = value;
      return this;
    }

    public CommitBuilder steps(long value) {
      steps = value;
      return this;
    }

    public CommitBuilder state(@Nullable Payload value) {
      state = value;
      return this;
    }

    public CommitBuilder result(Payload value) {
      result = value;
      return this;
    }

    public CommitBuilder failure(Failure value) {
      failure = value;
      return this;
    }

    /** The run's detail and what it waits for (status WAITING or PAUSED). */
    public CommitBuilder waiting(String detailJson, Waiting value) {
      detail = detailJson;
      waiting = value;
      return this;
    }

    /** A WAITING run waiting for signal {@code key}, without a timeout. */
    public CommitBuilder waitingFor(String key) {
      status = RunStatus.WAITING;
      return waiting("{\"key\":\"" + key + "\"}", new Waiting(key, null));
    }

    /** Wakes the run with entry {@code entrySeq} of this commit, consuming a signal if set. */
    public CommitBuilder wakeup(long entrySeq, @Nullable Long signalSeq) {
      wakeup = new Wakeup(entrySeq, signalSeq);
      return this;
    }

    /** The journal position the next entry of this commit gets. */
    public long nextSeq() {
      return entries.head().count() + 1;
    }

    /** Makes the update progress-only: steps and state change, nothing else. */
    public CommitBuilder progressOnly() {
      progressOnly = true;
      return this;
    }

    public CommitBuilder release() {
      release = true;
      return this;
    }

    public CommitBuilder attempt(AttemptRecord value) {
      attempts.add(value);
      return this;
    }

    public CommitBuilder toolCall(ToolCallRow value) {
      toolCalls.add(value);
      return this;
    }

    public CommitBuilder blob(Blob value) {
      blobs.add(value);
      return this;
    }

    /**
     * Pretends the committer saw {@code count} journal entries. The entries keep their numbers:
     * the store must refuse such a commit before it looks at them.
     */
    public CommitBuilder expectedCount(long count) {
      expectedCount = count;
      return this;
    }

    public Commit build() {
      ChainHead head = entries.head();
      ChainHead chain = new ChainHead(expectedCount + entries.list.size(), head.hash(), false);
      return new Commit(run.key(), run.runId(), epoch, expectedCount, entries.list, chain,
          progressOnly ? RunUpdate.progress(steps, state)
              : new RunUpdate(status, steps, state, result, failure, detail, waiting, release),
          attempts, toolCalls, blobs, false, wakeup);
    }

    /** Builds the commit with {@code flush} set. */
    public Commit buildFlushed() {
      Commit c = build();
      return new Commit(c.runKey(), c.runId(), c.expectedEpoch(), c.expectedCount(),
          c.entries(), c.chain(), c.update(), c.attempts(), c.toolCalls(), c.blobs(), true,
          c.wakeup());
    }
  }
}
