package dev.weft.spi.jdbc;

import dev.weft.RunNotFoundException;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.NewSnapshot;
import dev.weft.spi.Payload;
import dev.weft.spi.SnapshotQuery;
import dev.weft.spi.SnapshotRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The SQL of snapshots: {@code weft_snapshots} and their tags in {@code weft_snapshot_tags}. */
final class JdbcSnapshots {
  private JdbcSnapshots() {}

  private static final String COLUMNS = "s.id, s.run, r.run_id, s.name, s.description, s.step,"
      + " s.state_data, s.state_blob, (SELECT b.size FROM weft_blobs b WHERE b.hash ="
      + " s.state_blob), s.created";

  /** Inserts the snapshot unless its run already has one of that name; see the SPI. */
  static boolean save(Tx tx, NewSnapshot s) throws SQLException {
    Connection c = tx.connection();
    if (JdbcReads.longs(c, "SELECT COUNT(*) FROM weft_runs WHERE id = ?", s.runKey(), 1)[0]
        == 0) {
      throw new RunNotFoundException("#" + s.runKey());
    }
    PreparedStatement taken = tx.prepare("SELECT COUNT(*) FROM weft_snapshots"
        + " WHERE run = ? AND name = ?");
    taken.setLong(1, s.runKey());
    taken.setString(2, s.label().name());
    try (ResultSet rs = taken.executeQuery()) {
      rs.next();
      if (rs.getLong(1) > 0) {
        return false;
      }
    }
    JdbcWrites.insertBlobs(tx, s.blobs(), null);
    PreparedStatement ps = tx.prepare("INSERT INTO weft_snapshots (run, name, description,"
        + " step, state_data, state_blob, created) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    ps.setLong(1, s.runKey());
    ps.setString(2, s.label().name());
    ps.setString(3, s.label().description());
    ps.setLong(4, s.step());
    Rows.bindPayload(ps, 5, s.state());
    ps.setLong(7, s.createdMillis());
    long id;
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      id = rs.getLong(1);
    }
    PreparedStatement tag = tx.prepare("INSERT INTO weft_snapshot_tags (snapshot, tag,"
        + " position) VALUES (?, ?, ?)");
    List<String> tags = s.label().tags();
    for (int i = 0; i < tags.size(); i++) {
      tag.setLong(1, id);
      tag.setString(2, tags.get(i));
      tag.setInt(3, i);
      tag.executeUpdate();
    }
    return true;
  }

  static Optional<SnapshotRecord> find(Connection c, long runKey, String name)
      throws SQLException {
    List<SnapshotRecord> rows = withTags(c, JdbcReads.list(c, "SELECT " + COLUMNS
        + " FROM weft_snapshots s JOIN weft_runs r ON r.id = s.run"
        + " WHERE s.run = ? AND s.name = ?", ps -> {
          ps.setLong(1, runKey);
          ps.setString(2, name);
        }, JdbcSnapshots::row));
    return rows.stream().findFirst();
  }

  static List<SnapshotRecord> list(Connection c, SnapshotQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
        + " FROM weft_snapshots s JOIN weft_runs r ON r.id = s.run WHERE 1 = 1");
    if (q.runId() != null) {
      sql.append(" AND r.run_id = ?");
    }
    if (q.name() != null) {
      sql.append(" AND s.name = ?");
    }
    if (q.tag() != null) {
      sql.append(" AND s.id IN (SELECT t.snapshot FROM weft_snapshot_tags t WHERE t.tag = ?)");
    }
    sql.append(" ORDER BY s.created DESC, s.id DESC LIMIT ? OFFSET ?");
    return withTags(c, JdbcReads.list(c, sql.toString(), ps -> {
      int i = 1;
      if (q.runId() != null) {
        ps.setString(i++, q.runId());
      }
      if (q.name() != null) {
        ps.setString(i++, q.name());
      }
      if (q.tag() != null) {
        ps.setString(i++, q.tag());
      }
      ps.setInt(i++, q.limit());
      ps.setLong(i, q.offset());
    }, JdbcSnapshots::row));
  }

  static Optional<JournalRecord> committedStep(Connection c, long runKey, long step)
      throws SQLException {
    return JdbcReads.list(c, "SELECT " + Rows.JOURNAL_COLUMNS + " FROM weft_journal"
        + " WHERE run = ? AND step = ? AND kind = " + EntryKind.STEP_COMMITTED.code(), ps -> {
          ps.setLong(1, runKey);
          ps.setLong(2, step);
        }, Rows::journal).stream().findFirst();
  }

  /** A row without its tags (read separately, for a whole page at once). */
  private static SnapshotRecord row(ResultSet rs) throws SQLException {
    return new SnapshotRecord(rs.getLong(1), rs.getLong(2), rs.getString(3),
        new SnapshotRecord.Label(rs.getString(4), rs.getString(5), List.of()), rs.getLong(6),
        Objects.requireNonNullElse(Rows.payload(rs, 7, 8, 9), Payload.inline(new byte[0])),
        rs.getLong(10));
  }

  private static List<SnapshotRecord> withTags(Connection c, List<SnapshotRecord> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return rows;
    }
    Map<Long, List<String>> tags = new HashMap<>();
    String in = String.join(", ", Collections.nCopies(rows.size(), "?"));
    JdbcReads.list(c, "SELECT snapshot, tag FROM weft_snapshot_tags WHERE snapshot IN (" + in
        + ") ORDER BY snapshot, position", ps -> {
          for (int i = 0; i < rows.size(); i++) {
            ps.setLong(i + 1, rows.get(i).id());
          }
        }, rs -> tags.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
            .add(rs.getString(2)));
    List<SnapshotRecord> out = new ArrayList<>(rows.size());
    for (SnapshotRecord r : rows) {
      SnapshotRecord.Label l = r.label();
      out.add(new SnapshotRecord(r.id(), r.runKey(), r.runId(), new SnapshotRecord.Label(
          l.name(), l.description(), tags.getOrDefault(r.id(), List.of())), r.step(), r.state(),
          r.createdMillis()));
    }
    return out;
  }
}
