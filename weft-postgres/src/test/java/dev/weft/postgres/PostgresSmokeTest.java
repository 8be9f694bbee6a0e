package dev.weft.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Durability;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.testing.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PostgresSmokeTest {
  @RegisterExtension static final PostgresDatabase db = new PostgresDatabase();

  @Test
  void counterPausesResumesAndCompletesOnPostgres() {
    String url = db.url(); // jdbc:postgresql://127.0.0.1:PORT/weft_test_N?user=postgres
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
      assertTrue(weft.inspector().verify("c1").intact());
      assertTrue(weft.store().describe().startsWith("postgresql "), weft.store().describe());
    }
  }

  @ParameterizedTest
  @EnumSource(Durability.class)
  void runsCompleteInEveryDurabilityMode(Durability durability) {
    String url = db.newSchema();
    try (Weft weft = Weft.builder().url(url).durability(durability).build()) {
      RunInfo r = weft.run(new Counter(), "d", new Counter.Input(5));
      assertEquals(RunStatus.COMPLETED, r.status());
    }
    try (Weft weft = Weft.open(url)) {
      assertEquals(5, weft.get("d").result(Integer.class));
      assertTrue(weft.inspector().verify("d").intact());
    }
  }

  @Test
  void libpqStyleUrlsOpenTheSameStore() {
    String schema = db.createSchema();
    String jdbc = db.url() + "&currentSchema=" + schema;
    String libpq = "postgresql://postgres@127.0.0.1:" + db.server().port() + "/" + db.name()
        + "?currentSchema=" + schema;
    try (Weft weft = Weft.open(jdbc)) {
      weft.run(new Counter(), "c2", new Counter.Input(3));
    }
    try (Weft weft = Weft.open(libpq)) {
      assertEquals(RunStatus.COMPLETED, weft.get("c2").status());
    }
  }
}
