package dev.weft.sqlite.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.Weft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A holder killed with SIGKILL is dead even before its parent collects its exit status: a zombie
 * runs no code and commits nothing. Its lease is taken over at once, like any dead holder's.
 */
class DeadHolderTest {
  private static final String RUN = "charge";
  private static final String FILE = "charges.txt";
  private static final int COUNT = 4;

  @TempDir Path dir;

  @Test
  void aKilledHolderWhoseParentHasNotReapedItIsTakenOverAtOnce() throws Exception {
    try (Weft weft = Weft.open(url())) {
      RunInfo r = weft.run(new ChargeLoop(ChargeLoop.Variant.FULL, dir,
          ChargeLoop.Pacing.none()), RUN, new ChargeLoop.Input(FILE, COUNT),
          RunOptions.defaults().withMaxSteps(1));
      assertEquals(RunStatus.PAUSED, r.status());
    }
    try (Child holder = Child.startUnreaped(args("gate=true"))) {
      long pid = Long.parseLong(holder.await("OPENED").orElseThrow().substring(7));
      assertTrue(holder.await("GATED").isPresent(), holder.output());
      Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start();
      assertEquals(0, kill.waitFor());
      awaitZombie(pid);
      try (Child next = Child.start(args())) {
        // The lease has a minute left; without seeing the zombie as dead, this is refused.
        assertEquals(0, next.exit(), next.output());
        assertEquals(Optional.of("STATUS NEEDS_ATTENTION 1 -"), next.await("STATUS"));
      }
    }
    try (Weft weft = Weft.open(url())) {
      assertEquals("s1.c0 retry", Operator.resolve(weft, RUN, dir));
      weft.register(new ChargeLoop(ChargeLoop.Variant.FULL, dir, ChargeLoop.Pacing.none()));
      assertEquals(RunStatus.COMPLETED, weft.resume(RUN).status());
    }
    assertEquals(IntStream.range(0, COUNT).mapToObj(ChargeLoop::line).toList(),
        ChargeLoop.lines(dir.resolve(FILE)));
  }

  /** Waits until the killed process is a zombie (its output pipe stays open: sleep has it). */
  private static void awaitZombie(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    for (int i = 0; i < 1000; i++) {
      String s = Files.readString(stat);
      if (s.charAt(s.lastIndexOf(')') + 2) == 'Z') {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("process " + pid + " did not die: " + Files.readString(stat));
  }

  private List<String> args(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("db=" + dir.resolve("weft.db"),
        "run=" + RUN, "variant=FULL", "base=" + dir, "mode=resume", "ttlMillis=60000"));
    args.addAll(List.of(extra));
    return args;
  }

  private String url() {
    return "sqlite:" + dir.resolve("weft.db");
  }
}
