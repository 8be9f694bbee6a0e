package dev.weft.sqlite.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.spi.SignalRecord;
import dev.weft.sqlite.waits.Waiter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/*
 * Exactly-once signal delivery across kill -9. A first child JVM sends signals without a
 * scheduler and is killed right after the third is acknowledged: acknowledged, not consumed.
 * Then children with a scheduler send the rest while their scheduler consumes them, and are
 * killed at random points (after a random acknowledgement plus a few milliseconds), landing
 * between an acknowledgement and its consumption, inside a consuming commit, or in a woken
 * step. Finally this JVM continues the run. The run must have received every signal exactly
 * once, in the order sent.
 */
class SignalCrashTest {
  private static final long SEED = Long.getLong("weft.crash.seed", System.nanoTime());
  private static final int COUNT = 30;
  private static final int KILLS = 4;

  @TempDir Path dir;

  @Test
  void signalsAcknowledgedBeforeAKillAreDeliveredOnceEachInOrder() throws Exception {
    System.out.println("signal crash test seed " + SEED);
    Random random = new Random(SEED);
    Path db = dir.resolve("weft.db");
    try (Child first = Child.start(SignalChild.class, args(db, false))) {
      assertTrue(first.await("ACK 2").isPresent(), first.output());
      assertEquals(Child.SIGKILLED, first.kill());
    }
    try (Weft look = Weft.builder().url("sqlite:" + db).scheduler(false).build()) {
      assertEquals(RunStatus.WAITING, look.get("r").status());
      long key = look.store().find("r").orElseThrow().key();
      assertTrue(look.store().signals(key, 0, 100).size() >= 3);
      assertTrue(look.store().signals(key, 0, 100).stream().allMatch(SignalRecord::pending),
          "acknowledged, none consumed");
    }
    int acked = 2;
    for (int k = 0; k < KILLS && acked < COUNT - 1; k++) {
      int target = Math.min(COUNT - 1, acked + 1 + random.nextInt(8));
      try (Child child = Child.start(SignalChild.class, args(db, true))) {
        if (child.await(e -> e.startsWith("ACK " + target) || e.startsWith("DONE"))
            .isEmpty()) {
          throw new AssertionError("child ended early:\n" + child.output());
        }
        Thread.sleep(random.nextInt(15));
        assertEquals(Child.SIGKILLED, child.kill());
        report(db, k, target);
        acked = target;
      }
    }
    Waiter waiter = new Waiter();
    try (Weft weft = Weft.builder().url("sqlite:" + db).register(waiter).build()) {
      weft.run(waiter, "r", SignalChild.script(COUNT)); // takes over from the dead child
      long key = weft.store().find("r").orElseThrow().key();
      for (int i = weft.store().signals(key, 0, 100).size(); i < COUNT; i++) {
        weft.signal("r", "go", i);
      }
      RunInfo done = weft.await("r", Duration.ofSeconds(60));
      assertEquals(RunStatus.COMPLETED, done.status(), done::toString);
      List<String> log = done.result(new TypeReference<List<String>>() { }.getType());
      assertEquals(IntStream.range(0, COUNT).mapToObj(i -> "signal go=" + i).toList(), log,
          "every signal received once, in the order sent");
      List<SignalRecord> signals = weft.store().signals(key, 0, 100);
      assertEquals(COUNT, signals.size(), "no signal stored twice");
      List<Long> consumedBy = new ArrayList<>();
      signals.forEach(s -> consumedBy.add(s.consumedSeq()));
      assertTrue(consumedBy.stream().allMatch(java.util.Objects::nonNull));
      assertEquals(COUNT, new HashSet<>(consumedBy).size());
      assertTrue(weft.inspector().verify("r").intact());
    }
  }

  private static List<String> args(Path db, boolean consume) {
    return List.of("db=" + db, "count=" + COUNT, "consume=" + consume, "pauseMillis=2");
  }

  /** Prints where a kill landed: signals acknowledged and stored, consumed, the run's status. */
  private static void report(Path db, int kill, int acked) {
    try (Weft look = Weft.builder().url("sqlite:" + db).scheduler(false).build()) {
      var run = look.store().find("r").orElseThrow();
      List<SignalRecord> s = look.store().signals(run.key(), 0, 100);
      System.out.println("consuming child " + (kill + 1) + " killed after ACK " + acked + ": " + s.size()
          + " stored, " + s.stream().filter(x -> !x.pending()).count() + " consumed, run "
          + run.status() + (run.lease().isHeld() ? " held by the dead child" : ""));
    }
  }
}
