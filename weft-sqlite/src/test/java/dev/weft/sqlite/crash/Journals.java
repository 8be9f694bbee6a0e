package dev.weft.sqlite.crash;

import dev.weft.Attempt;
import dev.weft.JournalEntry;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading whole journals and attempt lists of a run, and the parts the tests compare. */
final class Journals {
  private static final int PAGE = 1000;

  private Journals() {}

  static List<JournalEntry> history(Weft weft, String runId) {
    List<JournalEntry> all = new ArrayList<>();
    List<JournalEntry> page;
    do {
      page = weft.inspector().history(runId, all.size(), PAGE);
      all.addAll(page);
    } while (page.size() == PAGE);
    return all;
  }

  static List<Attempt> attempts(Weft weft, String runId) {
    List<Attempt> all = new ArrayList<>();
    List<Attempt> page;
    do {
      page = weft.inspector().attempts(runId, all.size(), PAGE);
      all.addAll(page);
    } while (page.size() == PAGE);
    return all;
  }

  /** The committed history: each STEP_COMMITTED and RUN_COMPLETED entry's step and data. */
  static List<String> committed(List<JournalEntry> history) {
    return history.stream()
        .filter(e -> e.kind().equals("STEP_COMMITTED") || e.kind().equals("RUN_COMPLETED"))
        .map(e -> e.step() + " " + e.kind() + " " + e.data())
        .toList();
  }

  static List<JournalEntry> ofKind(List<JournalEntry> history, String kind) {
    return history.stream().filter(e -> e.kind().equals(kind)).toList();
  }

  /** Attempts by step, in attempt order. */
  static Map<Long, List<Attempt>> byStep(List<Attempt> attempts) {
    Map<Long, List<Attempt>> m = new TreeMap<>();
    for (Attempt a : attempts) {
      m.computeIfAbsent(a.step(), s -> new ArrayList<>()).add(a);
    }
    return m;
  }
}
