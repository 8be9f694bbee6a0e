package dev.weft.spi.jdbc;

import dev.weft.Failure;
import dev.weft.RunStatus;
import dev.weft.internal.Failures;
import dev.weft.spi.AttemptRecord;
import dev.weft.spi.ChainHead;
import dev.weft.spi.EntryKind;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.LeaseState;
import dev.weft.spi.Payload;
import dev.weft.spi.RunRecord;
import dev.weft.spi.SignalRecord;
import dev.weft.spi.ToolCallRow;
import dev.weft.spi.Waiting;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.jspecify.annotations.Nullable;

/** Mapping between Weft's records and table rows. */
final class Rows {
  private Rows() {}

  /**
   * The latest state's column of the head, or of the journal entry the head names. A subquery,
   * not an outer join: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join, and
   * runs are read for update through these columns.
   */
  private static String state(String column) {
    return "COALESCE(weft_heads.state_" + column + ", (SELECT s." + column
        + " FROM weft_journal s WHERE s.run = weft_heads.run AND s.seq = weft_heads.state_seq))";
  }

  static final String RUN_COLUMNS = "id, run_id, definition, version, status, created_at,"
      + " updated_at, parent_run_id, steps, " + state("data") + ", " + state("blob") + ","
      + " result_data, result_blob, failure, detail, wake_at, lease_owner, lease_epoch,"
      + " lease_until, chain_count, chain_head, chain_keyed, " + blobSize(state("blob")) + ", "
      + blobSize("weft_runs.result_blob") + ", wait_key, woken_seq";

  /**
   * Where {@link #RUN_COLUMNS} come from: a run's row and its head (progress, journal head,
   * lease epoch), whose column names do not overlap.
   */
  static final String RUN_FROM = "weft_runs JOIN weft_heads ON weft_heads.run = weft_runs.id";

  static RunRecord run(ResultSet rs) throws SQLException {
    return new RunRecord(rs.getLong(1), rs.getString(2),
        new RunRecord.RunHeader(rs.getString(3), rs.getInt(4), rs.getLong(6), rs.getString(8)),
        RunStatus.valueOf(rs.getString(5)),
        new RunRecord.Progress(rs.getLong(9), payload(rs, 10, 11, 23), payload(rs, 12, 13, 24),
            failure(rs.getString(14)), rs.getString(15), waiting(rs.getString(25),
                nullableLong(rs, 16)), nullableLong(rs, 26)),
        new LeaseState(rs.getString(17), rs.getLong(18), rs.getLong(19)),
        new ChainHead(rs.getLong(20), rs.getBytes(21), rs.getInt(22) != 0), rs.getLong(7));
  }

  private static @Nullable Waiting waiting(@Nullable String key, @Nullable Long wakeAt) {
    return key == null && wakeAt == null ? null : new Waiting(key, wakeAt);
  }

  static final String SIGNAL_COLUMNS = "seq, name, data, blob, sent_at, consumed_seq, "
      + blobSize("weft_signals.blob");

  static SignalRecord signal(ResultSet rs) throws SQLException {
    Payload p = payload(rs, 3, 4, 7);
    return new SignalRecord(rs.getLong(1), rs.getString(2),
        p == null ? Payload.inline(new byte[0]) : p, rs.getLong(5), nullableLong(rs, 6));
  }

  static final String JOURNAL_COLUMNS = "seq, kind, step, at, data, blob, hash, "
      + blobSize("weft_journal.blob") + ", attempt, started";

  static JournalRecord journal(ResultSet rs) throws SQLException {
    Payload p = payload(rs, 5, 6, 8);
    return new JournalRecord(rs.getLong(1), EntryKind.of(rs.getInt(2)), rs.getLong(3),
        rs.getLong(4), p == null ? Payload.inline(new byte[0]) : p, rs.getBytes(7),
        stamp(rs, 9, 10));
  }

  private static JournalRecord.@Nullable Stamp stamp(ResultSet rs, int attempt, int started)
      throws SQLException {
    int a = rs.getInt(attempt);
    return rs.wasNull() ? null : new JournalRecord.Stamp(a, rs.getLong(started));
  }

  static final String ATTEMPT_COLUMNS = "step, attempt, started, ended, outcome, failure";

  static AttemptRecord attempt(ResultSet rs) throws SQLException {
    return new AttemptRecord(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4),
        AttemptRecord.Outcome.of(rs.getInt(5)), failure(rs.getString(6)));
  }

  static final String TOOL_CALL_COLUMNS =
      "call_key, tool, step, status, intent_seq, result_seq, started, ended";

  static ToolCallRow toolCall(ResultSet rs) throws SQLException {
    return new ToolCallRow(rs.getString(1), rs.getString(2), rs.getLong(3),
        ToolCallRow.Status.of(rs.getInt(4)), rs.getLong(5), nullableLong(rs, 6), rs.getLong(7),
        nullableLong(rs, 8));
  }

  /** A column with the size of the blob {@code hashColumn} refers to (null if none). */
  private static String blobSize(String hashColumn) {
    return "(SELECT b.size FROM weft_blobs b WHERE b.hash = " + hashColumn + ")";
  }

  static @Nullable Payload payload(ResultSet rs, int dataColumn, int blobColumn,
      int sizeColumn) throws SQLException {
    String blob = rs.getString(blobColumn);
    if (blob != null) {
      Long size = nullableLong(rs, sizeColumn);
      return new Payload.BlobRef(blob, size == null ? -1 : size);
    }
    byte[] data = rs.getBytes(dataColumn);
    return data == null ? null : Payload.inline(data);
  }

  /** Binds a payload to two parameters: inline bytes, blob hash. */
  static void bindPayload(PreparedStatement ps, int at, @Nullable Payload p)
      throws SQLException {
    switch (p) {
      case null -> {
        ps.setNull(at, Types.BINARY);
        ps.setNull(at + 1, Types.VARCHAR);
      }
      case Payload.Inline i -> {
        ps.setBytes(at, i.bytes());
        ps.setNull(at + 1, Types.VARCHAR);
      }
      case Payload.BlobRef b -> {
        ps.setNull(at, Types.BINARY);
        ps.setString(at + 1, b.hash());
      }
    }
  }

  static @Nullable Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static void setNullableLong(PreparedStatement ps, int at, @Nullable Long v)
      throws SQLException {
    if (v == null) {
      ps.setNull(at, Types.BIGINT);
    } else {
      ps.setLong(at, v);
    }
  }

  static @Nullable String failureJson(@Nullable Failure f) {
    return Failures.toText(f);
  }

  static @Nullable Failure failure(@Nullable String json) {
    return Failures.fromText(json);
  }
}
