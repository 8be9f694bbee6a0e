package dev.weft.internal.memory;

import dev.weft.spi.NewSnapshot;
import dev.weft.spi.SnapshotQuery;
import dev.weft.spi.SnapshotRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The snapshots of a {@link MemoryStore}; it calls these under its own monitor. */
final class MemorySnapshots {
  private final List<SnapshotRecord> all = new ArrayList<>();
  private long nextId = 1;

  private static final Comparator<SnapshotRecord> NEWEST_FIRST =
      Comparator.comparingLong(SnapshotRecord::createdMillis)
          .thenComparingLong(SnapshotRecord::id).reversed();

  boolean save(NewSnapshot s, String runId) {
    if (find(s.runKey(), s.label().name()).isPresent()) {
      return false;
    }
    all.add(new SnapshotRecord(nextId++, s.runKey(), runId, s.label(), s.step(), s.state(),
        s.createdMillis()));
    return true;
  }

  Optional<SnapshotRecord> find(long runKey, String name) {
    return all.stream().filter(s -> s.runKey() == runKey && s.label().name().equals(name))
        .findFirst();
  }

  List<SnapshotRecord> list(SnapshotQuery q) {
    return all.stream()
        .filter(s -> q.runId() == null || s.runId().equals(q.runId()))
        .filter(s -> q.name() == null || s.label().name().equals(q.name()))
        .filter(s -> q.tag() == null || s.label().tags().contains(q.tag()))
        .sorted(NEWEST_FIRST).skip(q.offset()).limit(q.limit()).toList();
  }
}
