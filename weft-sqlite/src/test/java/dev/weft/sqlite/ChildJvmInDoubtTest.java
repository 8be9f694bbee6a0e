package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.Resolution;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.Weft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The faithful version of {@link InDoubtTest}: a real JVM halted inside a tool call. */
class ChildJvmInDoubtTest {
  @TempDir Path dir;

  @Test
  void aCallInFlightWhenTheProcessHaltedIsSettledByAnOperatorAndNeverRepeated()
      throws Exception {
    Path db = dir.resolve("weft.db");
    Path effects = dir.resolve("effects.txt");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), HaltingChild.class.getName(), db.toString(),
        effects.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child finished");
    assertEquals(HaltingChild.EXIT, child.exitValue(), Files.readString(dir.resolve("child.log")));
    assertEquals(List.of("order-0", "order-1"), Files.readAllLines(effects));

    try (Weft weft = Weft.open("sqlite:" + db)) {
      weft.register(HaltingChild.charging(effects, false));
      RunInfo stopped = weft.resume("child");
      assertEquals(RunStatus.NEEDS_ATTENTION, stopped.status(),
          "the dead child's lease is taken over at once, and the call is in doubt");
      assertEquals("s1.c0", stopped.detail().get("call").asText());
      weft.resolve("child", "s1.c0", Resolution.result(TextNode.valueOf("receipt-order-1")));
      RunInfo done = weft.resume("child");
      assertEquals(RunStatus.COMPLETED, done.status());
      assertEquals(List.of("receipt-order-0", "receipt-order-1", "receipt-order-2"),
          CheckpointTest.textList(done.result()));
      assertTrue(weft.inspector().verify("child").intact());
    }
    assertEquals(List.of("order-0", "order-1", "order-2"), Files.readAllLines(effects),
        "no effect happened twice");
  }
}
