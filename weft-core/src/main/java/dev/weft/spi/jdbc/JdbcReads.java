package dev.weft.spi.jdbc;

import dev.weft.Durability;
import dev.weft.RunNotFoundException;
import dev.weft.RunStatus;
import dev.weft.StoreException;
import dev.weft.spi.AttemptRecord;
import dev.weft.spi.Blob;
import dev.weft.spi.Claim;
import dev.weft.spi.Commit;
import dev.weft.spi.JournalRecord;
import dev.weft.spi.LeaseState;
import dev.weft.spi.NewRun;
import dev.weft.spi.RunQuery;
import dev.weft.spi.RunRecord;
import dev.weft.spi.RunUpdate;
import dev.weft.spi.StaleCommitException;
import dev.weft.spi.Store;
import dev.weft.spi.StoreOptions;
import dev.weft.spi.ToolCallRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Row reads. */
final class JdbcReads {
private JdbcReads() {}

  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  interface Mapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  static <T> List<T> list(Connection c, String sql, Binder binder, Mapper<T> mapper)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    }
  }

  /** A single-row query of {@code n} numbers bound to one key. */
  static long[] longs(Connection c, String sql, long key, int n) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        long[] out = new long[n];
        if (rs.next()) {
          for (int i = 0; i < n; i++) {
            out[i] = rs.getLong(i + 1);
          }
        }
        return out;
      }
    }
  }

  static Optional<RunRecord> run(Connection c, String runId) throws SQLException {
    return list(c, "SELECT " + Rows.RUN_COLUMNS + " FROM " + Rows.RUN_FROM + " WHERE run_id = ?",
        ps -> ps.setString(1, runId), Rows::run).stream().findFirst();
  }

  static Optional<RunRecord> runForUpdate(Connection c, Dialect d, String runId)
      throws SQLException {
    return list(c, "SELECT " + Rows.RUN_COLUMNS + " FROM " + Rows.RUN_FROM + " WHERE run_id = ?"
        + d.forUpdate(), ps -> ps.setString(1, runId), Rows::run).stream().findFirst();
  }

  static List<RunRecord> runs(Connection c, RunQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + Rows.RUN_COLUMNS
        + " FROM " + Rows.RUN_FROM + " WHERE 1 = 1");
    if (q.status() != null) {
      sql.append(" AND status = ?");
    }
    if (q.definition() != null) {
      sql.append(" AND definition = ?");
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?");
    return list(c, sql.toString(), ps -> {
      int i = 1;
      if (q.status() != null) {
        ps.setString(i++, q.status().name());
      }
      if (q.definition() != null) {
        ps.setString(i++, q.definition());
      }
      ps.setInt(i++, q.limit());
      ps.setLong(i, q.offset());
    }, Rows::run);
  }
}
