package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.testing.Counter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
  @TempDir Path dir;

  @Test
  void counterRunsPausesAndResumesOnSqlite() {
    String url = "sqlite:" + dir.resolve("w.db");
    try (Weft weft = Weft.open(url)) {
      RunInfo r = weft.run(new Counter(), "c1", new Counter.Input(10),
          RunOptions.defaults().withMaxSteps(4));
      assertEquals(RunStatus.PAUSED, r.status());
      assertEquals(4, r.steps());
    }
    try (Weft weft = Weft.open(url)) {
      weft.register(new Counter());
      RunInfo r = weft.resume("c1");
      assertEquals(RunStatus.COMPLETED, r.status());
      assertEquals(10, r.result(Integer.class));
      assertEquals(true, weft.inspector().verify("c1").intact());
    }
  }
}
