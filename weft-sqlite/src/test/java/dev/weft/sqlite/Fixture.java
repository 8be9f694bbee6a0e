package dev.weft.sqlite;

import dev.weft.Attempt;
import dev.weft.JournalEntry;
import dev.weft.ToolCall;
import dev.weft.Weft;
import dev.weft.internal.Owner;
import dev.weft.spi.Claim;
import dev.weft.spi.RunRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/** Small reading and writing helpers shared by the behaviour tests. */
final class Fixture {
  private Fixture() {}

  static String url(Path dir) {
    return "sqlite:" + dir.resolve("weft.db");
  }

  static List<JournalEntry> history(Weft weft, String runId) {
    return weft.inspector().history(runId, 0, 10_000);
  }

  static List<String> kinds(Weft weft, String runId) {
    return history(weft, runId).stream().map(JournalEntry::kind).toList();
  }

  /** Entries of one step in journal order, without the run's RUN_STARTED (filed at step 0). */
  static List<JournalEntry> ofStep(Weft weft, String runId, long step) {
    return history(weft, runId).stream()
        .filter(e -> e.step() == step && !e.kind().equals("RUN_STARTED")).toList();
  }

  static List<String> kindsOfStep(Weft weft, String runId, long step) {
    return ofStep(weft, runId, step).stream().map(JournalEntry::kind).toList();
  }

  static long count(Weft weft, String runId, String kind) {
    return kinds(weft, runId).stream().filter(kind::equals).count();
  }

  static List<Attempt> attempts(Weft weft, String runId) {
    return weft.inspector().attempts(runId, 0, 10_000);
  }

  static List<Attempt> attemptsOfStep(Weft weft, String runId, long step) {
    return attempts(weft, runId).stream().filter(a -> a.step() == step).toList();
  }

  static List<ToolCall> toolCalls(Weft weft, String runId) {
    return weft.inspector().toolCalls(runId, 0, 10_000);
  }

  /** A plain JDBC connection to the test database, as an attacker or operator would open. */
  static Connection sql(Path dir) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("weft.db"));
  }

  /** The lease identity of a process on this host that cannot exist (pid above pid_max). */
  static String deadOwner() {
    return Owner.forThisProcess().host() + "/4194305/1700000000000/1";
  }

  /**
   * Makes {@code owner} hold the run until {@code untilMillis}, as if it had claimed it itself
   * (taking the lease over from whoever holds it).
   */
  static RunRecord holdAs(Weft weft, String runId, String owner, long untilMillis) {
    RunRecord run = weft.store().find(runId).orElseThrow();
    Claim c = weft.store().claim(new Claim.Request(runId, owner, untilMillis - 1, untilMillis,
        run.lease().epoch()));
    return ((Claim.Granted) c).run();
  }
}
