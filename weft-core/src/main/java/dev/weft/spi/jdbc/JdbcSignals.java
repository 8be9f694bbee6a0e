package dev.weft.spi.jdbc;

import dev.weft.IllegalRunStateException;
import dev.weft.RunNotFoundException;
import dev.weft.RunStatus;
import dev.weft.spi.Commit;
import dev.weft.spi.NewSignal;
import dev.weft.spi.RunRecord;
import dev.weft.spi.SignalRecord;
import dev.weft.spi.StaleCommitException;
import dev.weft.spi.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Signals and wake-ups: storing a signal (and making its run due), consuming one in the commit
 * that wakes the run, and the scheduler's queries. A run is due when its {@code wake_at} has
 * come: a timer or timeout sets it, and a signal for the run's wait key moves it to the
 * signal's time, whichever of the two happens first.
 */
final class JdbcSignals {
  private JdbcSignals() {}

  /** Statuses of runs the scheduler continues when their wake-up time comes. */
  private static final String WAKING = "status IN ('" + RunStatus.WAITING.name() + "', '"
      + RunStatus.PAUSED.name() + "')";

  static Store.Sent signal(Tx tx, Dialect dialect, NewSignal s) throws SQLException {
    // Locks the run row (on databases that lock rows): a concurrent commit that makes the run
    // wait is then either seen here, or sees this signal when it looks for pending ones.
    RunRecord run = JdbcReads.runForUpdate(tx.connection(), dialect, s.runId())
        .orElseThrow(() -> new RunNotFoundException(s.runId()));
    if (run.status().isTerminal()) {
      throw new IllegalRunStateException(s.runId(), run.status(),
          "it has ended; no signal can reach it any more");
    }
    String awaited = run.status() == RunStatus.WAITING && run.progress().waiting() != null
        ? run.progress().waiting().key() : null;
    boolean wakes = s.name().equals(awaited);
    if (s.onlyIfAwaited()) {
      if (!wakes) {
        throw new IllegalRunStateException(s.runId(), run.status(), awaited == null
            ? "it waits for no signal" : "it waits for '" + awaited + "', not '" + s.name()
            + "'");
      }
      if (pendingSince(tx, run.key(), s.name()) != null) {
        throw new IllegalRunStateException(s.runId(), run.status(), "its wait for '" + s.name()
            + "' has been answered already; that answer is delivered when the run continues");
      }
    }
    PreparedStatement next = tx.prepare(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM weft_signals WHERE run = ?");
    next.setLong(1, run.key());
    long seq;
    try (ResultSet rs = next.executeQuery()) {
      rs.next();
      seq = rs.getLong(1);
    }
    JdbcWrites.insertBlobs(tx, s.blobs(), null);
    PreparedStatement ps = tx.prepare("INSERT INTO weft_signals (run, seq, name, data, blob,"
        + " sent_at, consumed_seq) VALUES (?, ?, ?, ?, ?, ?, NULL)");
    ps.setLong(1, run.key());
    ps.setLong(2, seq);
    ps.setString(3, s.name());
    Rows.bindPayload(ps, 4, s.payload());
    ps.setLong(6, s.sentMillis());
    ps.executeUpdate();
    boolean interrupts = s.interrupts() && run.status() == RunStatus.WAITING;
    if (wakes || interrupts) {
      wakeAt(tx, run.key(), s.sentMillis());
    }
    return new Store.Sent(new SignalRecord(seq, s.name(), s.payload(), s.sentMillis(), null),
        wakes || interrupts);
  }

  /** Marks the signal a waking commit delivers as consumed, or refuses the commit. */
  static void consume(Tx tx, Commit k) throws SQLException {
    PreparedStatement ps = tx.prepare("UPDATE weft_signals SET consumed_seq = ?"
        + " WHERE run = ? AND seq = ? AND consumed_seq IS NULL");
    ps.setLong(1, k.wakeup().entrySeq());
    ps.setLong(2, k.runKey());
    ps.setLong(3, k.wakeup().signalSeq());
    if (ps.executeUpdate() != 1) {
      throw new StaleCommitException(k.runId(), false, "signal " + k.wakeup().signalSeq()
          + " does not exist or was delivered already");
    }
  }

  /** Makes a run that begins to wait for {@code key} due if a signal for it is pending. */
  static void wakeIfPending(Tx tx, long runKey, String key) throws SQLException {
    Long since = pendingSince(tx, runKey, key);
    if (since != null) {
      wakeAt(tx, runKey, since);
    }
  }

  private static @Nullable Long pendingSince(Tx tx, long runKey, String name)
      throws SQLException {
    PreparedStatement ps = tx.prepare("SELECT MIN(sent_at) FROM weft_signals"
        + " WHERE run = ? AND name = ? AND consumed_seq IS NULL");
    ps.setLong(1, runKey);
    ps.setString(2, name);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Rows.nullableLong(rs, 1) : null;
    }
  }

  private static void wakeAt(Tx tx, long runKey, long millis) throws SQLException {
    PreparedStatement ps = tx.prepare("UPDATE weft_runs SET wake_at = ?"
        + " WHERE id = ? AND (wake_at IS NULL OR wake_at > ?)");
    ps.setLong(1, millis);
    ps.setLong(2, runKey);
    ps.setLong(3, millis);
    ps.executeUpdate();
  }

  static Optional<SignalRecord> pending(Connection c, long runKey, String name)
      throws SQLException {
    return JdbcReads.list(c, "SELECT " + Rows.SIGNAL_COLUMNS + " FROM weft_signals"
        + " WHERE run = ? AND name = ? AND consumed_seq IS NULL ORDER BY seq LIMIT 1", ps -> {
          ps.setLong(1, runKey);
          ps.setString(2, name);
        }, Rows::signal).stream().findFirst();
  }

  static List<SignalRecord> list(Connection c, long runKey, long offset, int limit)
      throws SQLException {
    return JdbcReads.list(c, "SELECT " + Rows.SIGNAL_COLUMNS + " FROM weft_signals"
        + " WHERE run = ? ORDER BY seq LIMIT ? OFFSET ?", ps -> {
          ps.setLong(1, runKey);
          ps.setInt(2, limit);
          ps.setLong(3, offset);
        }, Rows::signal);
  }

  static List<RunRecord> due(Connection c, long now, Collection<String> definitions, int limit)
      throws SQLException {
    if (definitions.isEmpty()) {
      return List.of();
    }
    List<String> names = new ArrayList<>(definitions);
    return JdbcReads.list(c, "SELECT " + Rows.RUN_COLUMNS + " FROM " + Rows.RUN_FROM
        + " WHERE wake_at <= ?"
        + " AND " + WAKING + " AND definition IN (" + marks(names.size())
        + ") ORDER BY wake_at, id LIMIT ?", ps -> {
          ps.setLong(1, now);
          int at = 2;
          for (String n : names) {
            ps.setString(at++, n);
          }
          ps.setInt(at, limit);
        }, Rows::run);
  }

  static OptionalLong nextWake(Connection c, long after, Collection<String> definitions)
      throws SQLException {
    if (definitions.isEmpty()) {
      return OptionalLong.empty();
    }
    List<String> names = new ArrayList<>(definitions);
    List<Long> min = JdbcReads.list(c, "SELECT MIN(wake_at) FROM weft_runs WHERE wake_at > ?"
        + " AND " + WAKING + " AND definition IN (" + marks(names.size()) + ")", ps -> {
          ps.setLong(1, after);
          int at = 2;
          for (String n : names) {
            ps.setString(at++, n);
          }
        }, rs -> Rows.nullableLong(rs, 1));
    return min.isEmpty() || min.get(0) == null ? OptionalLong.empty()
        : OptionalLong.of(min.get(0));
  }

  private static String marks(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }
}
