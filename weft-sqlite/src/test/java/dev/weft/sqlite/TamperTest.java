package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.InvalidInputException;
import dev.weft.Verification;
import dev.weft.Weft;
import dev.weft.internal.HashChain;
import dev.weft.spi.EntryKind;
import dev.weft.testing.Counter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits made with plain SQL behind Weft's back are caught by verify. */
class TamperTest {
  private static final String KEY = "a secret of at least sixteen bytes";

  @TempDir Path dir;

  private void runCounter(Weft weft) {
    weft.run(new Counter(), "t", new Counter.Input(8));
    assertTrue(weft.inspector().verify("t").intact(), "untouched, the journal verifies");
  }

  private int sql(String statement, Object... params) throws SQLException {
    try (Connection c = Fixture.sql(dir); PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      return ps.executeUpdate();
    }
  }

  private Verification verify(Weft weft) {
    return weft.inspector().verify("t");
  }

  @Test
  void changingOneEntryIsNamedByVerify() throws SQLException {
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      runCounter(weft);
    }
    assertEquals(1, sql("UPDATE weft_journal SET data = ? WHERE seq = 5",
        "{\"current\":40,\"target\":80}".getBytes(StandardCharsets.UTF_8)));
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      Verification v = verify(weft);
      assertFalse(v.intact());
      assertEquals(5L, v.firstBadSeq());
      assertTrue(v.problem().contains("entry 5"), v.problem());
    }
  }

  @Test
  void changingAnEntrysTimeOrStepIsCaughtToo() throws SQLException {
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      runCounter(weft);
    }
    sql("UPDATE weft_journal SET at = at + 1 WHERE seq = 3");
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      assertEquals(3L, verify(weft).firstBadSeq());
    }
  }

  @Test
  void removingTheLastEntryIsReportedAsATruncatedTail() throws SQLException {
    long count;
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      runCounter(weft);
      count = verify(weft).entries();
    }
    assertEquals(1, sql("DELETE FROM weft_journal WHERE seq = ?", count));
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      Verification v = verify(weft);
      assertFalse(v.intact());
      assertEquals(count, v.firstBadSeq());
      assertTrue(v.problem().contains("tail was removed"), v.problem());
    }
  }

  @Test
  void removingAnEntryInTheMiddleIsReported() throws SQLException {
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      runCounter(weft);
    }
    sql("DELETE FROM weft_journal WHERE seq = 4");
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      Verification v = verify(weft);
      assertEquals(4L, v.firstBadSeq());
      assertTrue(v.problem().contains("entry 4 is missing"), v.problem());
    }
  }

  @Test
  void aKeyedChainRecomputedWithPlainSha256IsStillDetected() throws SQLException {
    try (Weft weft = Weft.builder().url(Fixture.url(dir)).secretKey(KEY).build()) {
      runCounter(weft);
      assertTrue(verify(weft).keyed());
    }
    rewriteChainWithPlainSha256(false);
    try (Weft weft = Weft.builder().url(Fixture.url(dir)).secretKey(KEY).build()) {
      Verification v = verify(weft);
      assertFalse(v.intact());
      assertEquals(1L, v.firstBadSeq(), v.problem());
    }
  }

  @Test
  void aKeyedChainDowngradedToAPlainOneIsNotAcceptedByAKeyedWeft() throws SQLException {
    try (Weft weft = Weft.builder().url(Fixture.url(dir)).secretKey(KEY).build()) {
      runCounter(weft);
    }
    rewriteChainWithPlainSha256(true);
    try (Weft weft = Weft.builder().url(Fixture.url(dir)).secretKey(KEY).build()) {
      Verification v = verify(weft);
      assertFalse(v.intact(), v.problem());
      assertTrue(v.problem().contains("not keyed"), v.problem());
    }
  }

  @Test
  void verifyingAKeyedRunWithoutTheKeyIsAClearError() {
    try (Weft weft = Weft.builder().url(Fixture.url(dir)).secretKey(KEY).build()) {
      runCounter(weft);
    }
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> verify(weft));
      assertTrue(e.getMessage().contains("secret key"), e.getMessage());
      assertTrue(e.getMessage().contains("'t'"), e.getMessage());
    }
  }

  @Test
  void aWrongKeyFailsVerificationAtTheFirstEntry() {
    try (Weft weft = Weft.builder().url(Fixture.url(dir)).secretKey(KEY).build()) {
      runCounter(weft);
    }
    try (Weft weft = Weft.builder().url(Fixture.url(dir)).secretKey(KEY + "!").build()) {
      assertEquals(1L, verify(weft).firstBadSeq());
    }
  }

  /**
   * What an attacker with write access but without the key can do: recompute every link and the
   * head with plain SHA-256, optionally also clearing the run's "keyed" flag.
   */
  private void rewriteChainWithPlainSha256(boolean clearKeyedFlag) throws SQLException {
    HashChain plain = HashChain.plain();
    try (Connection c = Fixture.sql(dir)) {
      long run;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id FROM weft_runs WHERE run_id = 't'"); ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        run = rs.getLong(1);
      }
      record Row(long seq, int kind, long step, long at, byte[] data) {}
      List<Row> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT seq, kind, step, at, data FROM"
          + " weft_journal WHERE run = ? ORDER BY seq")) {
        ps.setLong(1, run);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            byte[] data = rs.getBytes(5);
            rows.add(new Row(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4),
                data == null ? new byte[0] : data));
          }
        }
      }
      byte[] head = HashChain.genesis();
      for (Row r : rows) {
        head = plain.link(head, "t", r.seq(), EntryKind.of(r.kind()), r.step(), r.at(),
            HashChain.digest(r.data()));
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE weft_journal SET hash = ? WHERE run = ? AND seq = ?")) {
          ps.setBytes(1, HashChain.stored(head));
          ps.setLong(2, run);
          ps.setLong(3, r.seq());
          assertEquals(1, ps.executeUpdate());
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE weft_heads SET chain_head = ? WHERE run = ?")) {
        ps.setBytes(1, head);
        ps.setLong(2, run);
        assertEquals(1, ps.executeUpdate());
      }
      if (clearKeyedFlag) {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE weft_runs SET chain_keyed = 0 WHERE id = ?")) {
          ps.setLong(1, run);
          assertEquals(1, ps.executeUpdate());
        }
      }
    }
  }
}
