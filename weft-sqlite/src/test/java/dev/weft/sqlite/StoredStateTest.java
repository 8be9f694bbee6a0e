package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CheckpointPolicy;
import dev.weft.LoopOptions;
import dev.weft.ManualClock;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.Weft;
import dev.weft.testing.Counter;
import dev.weft.testing.CounterVariant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's latest state is written once per step: in the step's journal entry when the checkpoint
 * policy keeps it there, otherwise on the run's head; either way it reads back the same.
 */
class StoredStateTest {
  @TempDir Path dir;

  /** The counter, keeping the state in every third step's entry only. */
  static final class SparseCounter extends CounterVariant {
    @Override
    public String name() {
      return "sparse-counter";
    }

    @Override
    public LoopOptions options() {
      return LoopOptions.defaults().withCheckpoint(CheckpointPolicy.interval(3));
    }
  }

  private Weft open() {
    return Weft.builder().url(Fixture.url(dir)).clock(new ManualClock()).build();
  }

  /** The head's own state (null if none), the entry it names (0 if none), and that entry. */
  private record Head(String state, long stateSeq, String entryKind, String entryData) {}

  private Head head(String runId) throws Exception {
    try (Connection c = Fixture.sql(dir); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT h.state_data, h.state_seq, j.kind, j.data"
            + " FROM weft_heads h JOIN weft_runs r ON r.id = h.run LEFT JOIN weft_journal j"
            + " ON j.run = h.run AND j.seq = h.state_seq WHERE r.run_id = '" + runId + "'")) {
      assertTrue(rs.next());
      byte[] state = rs.getBytes(1);
      byte[] data = rs.getBytes(4);
      return new Head(state == null ? null : new String(state, StandardCharsets.UTF_8),
          rs.getLong(2), rs.getString(3),
          data == null ? null : new String(data, StandardCharsets.UTF_8));
    }
  }

  @Test
  void underTheFullPolicyTheHeadNamesTheEntryThatHoldsTheState() throws Exception {
    try (Weft weft = open()) {
      RunInfo run = weft.run(new Counter(), "c", new Counter.Input(10),
          RunOptions.defaults().withMaxSteps(4));
      assertEquals(RunStatus.PAUSED, run.status());
    }
    Head h = head("c");
    assertNull(h.state(), "no second copy on the head");
    assertEquals(String.valueOf(dev.weft.spi.EntryKind.STEP_COMMITTED.code()), h.entryKind());
    assertEquals("{\"current\":4,\"target\":10}", h.entryData());
    try (Weft weft = open()) {
      assertEquals(4, weft.inspector().get("c").<Counter.State>state(Counter.State.class)
          .current());
      weft.register(new Counter());
      RunInfo done = weft.resume("c");
      assertEquals(10, done.result(Integer.class));
      assertTrue(weft.inspector().verify("c").intact());
    }
  }

  @Test
  void aStateTheStepsEntryDoesNotKeepStaysOnTheHead() throws Exception {
    try (Weft weft = open()) {
      // Steps 0..4 are committed; interval(3) keeps the state of step 3's entry only, so
      // after step 4 the head holds the state itself.
      weft.run(new SparseCounter(), "s", new Counter.Input(10),
          RunOptions.defaults().withMaxSteps(5));
    }
    Head h = head("s");
    assertEquals("{\"current\":5,\"target\":10}", h.state());
    assertEquals(0, h.stateSeq());
    try (Weft weft = open()) {
      assertEquals(5, weft.inspector().get("s").<Counter.State>state(Counter.State.class)
          .current());
      weft.register(new SparseCounter());
      RunInfo done = weft.resume("s");
      assertEquals(10, done.result(Integer.class));
    }
  }
}
