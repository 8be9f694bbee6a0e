package dev.weft.sqlite.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Attempt;
import dev.weft.JournalEntry;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.WeftBuilder;
import dev.weft.spi.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/*
 * The crash test. Method: for each variant of a charge-like loop (ChargeLoop: checkpoint
 * policies full, interval and compact with a NON-idempotent tool, one of them flaky, and full
 * with an idempotent tool; with durability EFFECTS, SAFE or FAST, blobs, a keyed chain), a child
 * JVM (ChargeChild) starts or continues one run on a SQLite file, and the test kills it with
 * SIGKILL at a random point: after 1 to 3 effects, or soon after Weft opened, plus a random delay
 * of a few milliseconds. The child pauses 3 ms before and after each effect, so kills often land
 * between a call's intent and its result. A new child then continues the run at once, although
 * the dead child's lease has 60 s left: its holder is provably dead. A child that finds an
 * in-doubt call resolves it as an operator would (the line is in the file: the charge happened,
 * supply its result; no line: retry). After 13 kills, a last child completes the run.
 *
 * The run must then equal an uninterrupted run of the same loop in another directory: same
 * committed history and result, each line charge-0..charge-(count-1) exactly once and in order,
 * an intact hash chain, and attempt records that say where kills landed, numbered without gaps.
 * The four variants run at once. Each variant's random choices come from the seed printed in the
 * test output (rerun with -Dweft.crash.seed=N); the kill instants still depend on timing.
 */
class CrashTest {
  private static final long SEED = Long.getLong("weft.crash.seed", System.nanoTime());
  /** Kills per run: four runs make 52, above the 50. */
  private static final int KILLS_PER_RUN = 13;
  private static final int PAUSE_MILLIS = 3;
  private static final String FILE = "charges.txt";
  private static final String SECRET = "crash-test-journal-key";

  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final AtomicInteger KILLS = new AtomicInteger();

  @TempDir static Path root;

  @BeforeAll
  static void announce() {
    System.out.println("crash test seed " + SEED + " (rerun with -Dweft.crash.seed=" + SEED
        + ")");
  }

  @AfterAll
  static void countKills() {
    System.out.println("crash test: " + KILLS + " kills in " + RUNS + " runs");
    if (RUNS.get() == ChargeLoop.Variant.values().length) {
      assertTrue(KILLS.get() >= 50, "kills across the suite: " + KILLS);
    }
  }

  /** What happened to one run across its child processes, and its random choices. */
  private static final class Tally {
    final Random random;
    int children;
    int kills;
    int earlyKills;
    /** Kills after which the run was RUNNING under the dead child's lease, far from expiry. */
    int deadHolderLeases;
    /** Kills after which the run was RUNNING under any lease (a takeover must follow). */
    int heldRunning;

    Tally(Random random) {
      this.random = random;
    }
  }

  @ParameterizedTest
  @EnumSource(ChargeLoop.Variant.class)
  @Execution(ExecutionMode.CONCURRENT) // the four runs at once: child JVMs start on every core
  void aChargeRunKilledAtRandomPointsEndsExactlyLikeAnUninterruptedRun(ChargeLoop.Variant v)
      throws Exception {
    Tally tally = new Tally(new Random(SEED + v.ordinal()));
    int count = 40 + tally.random.nextInt(21);
    Path base = Files.createDirectories(root.resolve(v.name()));
    Path db = base.resolve("weft.db");
    String runId = "charge-" + v.name().toLowerCase(java.util.Locale.ROOT);
    List<String> args = new ArrayList<>(List.of("db=" + db, "run=" + runId, "variant=" + v,
        "base=" + base, "file=" + FILE, "count=" + count, "pauseMillis=" + PAUSE_MILLIS,
        "ttlMillis=60000"));
    args.addAll(settings(v));
    long started = System.nanoTime();
    WeftBuilder observer = Weft.builder().url("sqlite:" + db);
    if (v == ChargeLoop.Variant.COMPACT) {
      observer.secretKey(SECRET);
    }
    try (Weft weft = observer.build()) {
      while (!killAndObserve(weft, runId, args,
          count - ChargeLoop.lines(base.resolve(FILE)).size(), tally)) {
        if (tally.children > 3 * KILLS_PER_RUN) {
          fail("run " + runId + " did not complete after " + tally.children + " children");
        }
      }
      System.out.printf("%s: count %d, %d children, %d kills (%d early), %d resumed at once"
          + " from a dead holder's lease, %.1f s%n", v, count, tally.children, tally.kills,
          tally.earlyKills, tally.deadHolderLeases, (System.nanoTime() - started) / 1e9);
      assertEquals(KILLS_PER_RUN, tally.kills, "kills of " + runId);
      assertTrue(tally.deadHolderLeases >= 5, "resumes right after a kill, though the dead"
          + " child's lease had over 30 s left: " + tally.deadHolderLeases);
      assertSameAsUninterrupted(weft, v, runId, count, base);
      assertAttemptsTellWhereKillsLanded(weft, v, runId, tally);
    }
    RUNS.incrementAndGet();
    KILLS.addAndGet(tally.kills);
  }

  /**
   * Store settings vary with the variant too: every durability mode, payloads as blobs, and a
   * keyed (HMAC) journal chain.
   */
  private static List<String> settings(ChargeLoop.Variant v) {
    return switch (v) {
      case FULL, IDEMPOTENT -> List.of("durability=EFFECTS");
      case INTERVAL -> List.of("durability=SAFE", "inlineLimit=16");
      case COMPACT -> List.of("durability=FAST", "secret=" + SECRET);
    };
  }

  /**
   * Runs one child: kills it at a random point while kills are planned, otherwise lets it
   * complete the run. Returns whether the run is complete.
   */
  private static boolean killAndObserve(Weft weft, String runId, List<String> args,
      int remaining, Tally t) throws Exception {
    t.children++;
    try (Child child = Child.start(args)) {
      int killsLeft = KILLS_PER_RUN - t.kills;
      if (killsLeft > 0) {
        // Mostly a kill after 1 to 3 effects; sometimes an early one, soon after Weft opened
        // (and always a very early one when the run nears its end with kills still planned).
        boolean hurry = remaining < 3 * killsLeft;
        boolean early = hurry || t.random.nextInt(100) < 15;
        int effects = 1 + t.random.nextInt(3);
        int[] seen = {0};
        Optional<String> ready = early ? child.await("OPENED")
            : child.await(e -> e.startsWith("APPENDED") && ++seen[0] == effects);
        if (ready.isPresent()) {
          // The random kill point: a random delay after the evidence of progress (an early
          // kill lands in claiming, taking over, resolving or the first step).
          Thread.sleep(t.random.nextInt(hurry ? 20 : early ? 150 : 4 * PAUSE_MILLIS + 4));
          int status = child.kill();
          if (status == Child.SIGKILLED) {
            t.kills++;
            t.earlyKills += early ? 1 : 0;
            observeAfterKill(weft, runId, child.pid(), t);
            return false;
          }
          assertEquals(0, status, "child " + child.pid() + " ended before the kill:\n"
              + child.output());
        }
      }
      int status = child.exit();
      Optional<String> last = child.await("STATUS");
      assertEquals(0, status, "exit status of child " + child.pid() + ":\n" + child.output());
      assertTrue(last.isPresent() && last.get().startsWith("STATUS COMPLETED"),
          "child " + child.pid() + " did not complete the run:\n" + child.output());
      return true;
    }
  }

  private static void observeAfterKill(Weft weft, String runId, long pid, Tally t) {
    Optional<RunRecord> run = weft.store().find(runId);
    if (run.isEmpty() || run.get().status() != RunStatus.RUNNING
        || run.get().lease().owner() == null) {
      return;
    }
    t.heldRunning++;
    long left = run.get().lease().untilMillis() - System.currentTimeMillis();
    if (run.get().lease().owner().contains("/" + pid + "/") && left > 30_000) {
      t.deadHolderLeases++;
    }
  }

  private static void assertSameAsUninterrupted(Weft weft, ChargeLoop.Variant v, String runId,
      int count, Path base) throws Exception {
    RunInfo run = weft.get(runId);
    assertEquals(RunStatus.COMPLETED, run.status());
    assertEquals(count, run.result(Integer.class));
    List<String> expectedLines = IntStream.range(0, count).mapToObj(ChargeLoop::line).toList();
    assertEquals(expectedLines, ChargeLoop.lines(base.resolve(FILE)),
        "each charge happened exactly once, in order");
    assertTrue(weft.inspector().verify(runId).intact(), weft.inspector().verify(runId)
        .problem());

    Path refBase = Files.createDirectories(base.resolve("reference"));
    List<JournalEntry> reference;
    try (Weft ref = Weft.open("sqlite:" + refBase.resolve("weft.db"))) {
      RunInfo r = ref.run(new ChargeLoop(v, refBase, ChargeLoop.Pacing.none()), runId,
          new ChargeLoop.Input(FILE, count));
      assertEquals(RunStatus.COMPLETED, r.status());
      reference = Journals.history(ref, runId);
    }
    assertEquals(expectedLines, ChargeLoop.lines(refBase.resolve(FILE)));
    List<JournalEntry> history = Journals.history(weft, runId);
    assertEquals(Journals.committed(reference), Journals.committed(history),
        "committed history of " + runId + " vs an uninterrupted run");
    assertEquals(v == ChargeLoop.Variant.INTERVAL,
        history.stream().anyMatch(e -> e.blob() != null), "payloads stored as blobs");
    assertEquals(v == ChargeLoop.Variant.COMPACT, weft.inspector().verify(runId).keyed(),
        "keyed chain");

    // Every call has exactly one recorded result, and it is what the tool returns.
    List<JournalEntry> results = Journals.ofKind(history, "TOOL_RESULT");
    assertEquals(count, results.size(), "recorded tool results");
    for (JournalEntry e : results) {
      assertEquals(e.step(), e.data().path("result").asLong(), "result of " + e.data());
      assertEquals("s" + e.step() + ".c0", e.data().path("key").asText());
    }
  }

  private static void assertAttemptsTellWhereKillsLanded(Weft weft, ChargeLoop.Variant v,
      String runId, Tally t) {
    List<Attempt> attempts = Journals.attempts(weft, runId);
    for (Map.Entry<Long, List<Attempt>> step : Journals.byStep(attempts).entrySet()) {
      List<Attempt> as = step.getValue();
      for (int i = 0; i < as.size(); i++) {
        Attempt a = as.get(i);
        assertEquals(i + 1, a.attempt(), "attempt numbers of step " + step.getKey()
            + " continue without gaps: " + as);
        if (i == as.size() - 1) {
          assertEquals("SUCCEEDED", a.outcome(), "the last attempt of a step: " + as);
        } else {
          assertTrue(a.outcome().equals("INTERRUPTED") || a.outcome().equals("FAILED")
              && v.flaky, "an attempt before the last: " + as);
        }
      }
    }
    List<JournalEntry> history = Journals.history(weft, runId);
    long inDoubt = attempts.stream().filter(a -> a.outcome().equals("INTERRUPTED")
        && a.failure() != null && a.failure().message().contains("in doubt")).count();
    long takenOver = attempts.stream().filter(a -> a.outcome().equals("INTERRUPTED")
        && a.failure() != null && a.failure().message().contains("stopped during")).count();
    long attention = Journals.ofKind(history, "ATTENTION_NEEDED").size();
    long resolved = Journals.ofKind(history, "CALL_RESOLVED").size();
    System.out.printf("%s: %d interrupted attempts by a kill, %d failed, %d calls in doubt,"
        + " %d resolved (%d by result)%n", v, takenOver,
        attempts.stream().filter(a -> a.outcome().equals("FAILED")).count(), attention,
        resolved,
        Journals.ofKind(history, "CALL_RESOLVED").stream()
            .filter(e -> e.data().path("action").asText().equals("result")).count());
    assertEquals(takenOver + inDoubt, attempts.stream()
        .filter(a -> a.outcome().equals("INTERRUPTED")).count(), "every interruption says why");
    // A kill after which the run was RUNNING under a lease is followed by a takeover that
    // records the interrupted attempt; only a kill between a takeover's claim and its first
    // commit (an early kill) can fold two of them into one record.
    assertTrue(takenOver <= t.heldRunning && takenOver >= t.heldRunning - t.earlyKills,
        "interrupted attempts " + takenOver + " for " + t.heldRunning + " kills of a held"
            + " RUNNING run (" + t.earlyKills + " early)");
    assertEquals(attention, inDoubt, "each in-doubt call stopped its attempt");
    assertEquals(attention, resolved, "each in-doubt call was resolved once");
    long failed = attempts.stream().filter(a -> a.outcome().equals("FAILED")).count();
    assertEquals(v.flaky, failed > 0, "failed attempts: " + failed);
    if (v == ChargeLoop.Variant.IDEMPOTENT) {
      assertEquals(0, attention, "an idempotent tool's in-doubt call is repeated, not held");
    }
  }
}
