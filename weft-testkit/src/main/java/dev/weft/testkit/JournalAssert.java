package dev.weft.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.JournalEntry;
import dev.weft.Weft;
import java.util.ArrayList;
import java.util.List;

/** Assertions on one run's journal; each returns this, for chaining. */
public final class JournalAssert {
  private final String runId;
  private final List<JournalEntry> entries;

  JournalAssert(Weft weft, String runId) {
    this.runId = runId;
    this.entries = new ArrayList<>();
    long offset = 0;
    while (true) {
      List<JournalEntry> page = weft.inspector().history(runId, offset, 10_000);
      entries.addAll(page);
      if (page.size() < 10_000) {
        break;
      }
      offset += page.size();
    }
  }

  public List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  /** The entry kinds, in order. */
  public List<String> kinds() {
    return entries.stream().map(JournalEntry::kind).toList();
  }

  /** The names of the activities whose results were recorded, in order. */
  public List<String> activities() {
    List<String> out = new ArrayList<>();
    for (JournalEntry e : entries) {
      JsonNode d = e.data();
      if (e.kind().equals("TOOL_INTENT") && d != null && !d.path("again").asBoolean(false)) {
        out.add(d.path("tool").asText());
      }
    }
    return out;
  }

  /** Asserts the activity {@code name} was recorded exactly {@code times} times. */
  public JournalAssert hasActivity(String name, int times) {
    long n = activities().stream().filter(name::equals).count();
    if (n != times) {
      throw new AssertionError("run " + runId + " recorded activity '" + name + "' " + n
          + " times, not " + times + "; activities: " + activities());
    }
    return this;
  }

  /** Asserts these kinds occur in this order (others may come between). */
  public JournalAssert containsInOrder(String... kinds) {
    List<String> all = kinds();
    int at = 0;
    for (String k : kinds) {
      int found = all.subList(at, all.size()).indexOf(k);
      if (found < 0) {
        throw new AssertionError("run " + runId + " has no " + k + " after position " + at
            + "; journal: " + all);
      }
      at += found + 1;
    }
    return this;
  }

  /** Asserts that {@code kind} occurs exactly {@code times} times. */
  public JournalAssert count(String kind, int times) {
    long n = kinds().stream().filter(kind::equals).count();
    if (n != times) {
      throw new AssertionError("run " + runId + " has " + n + " " + kind + " entries, not "
          + times + "; journal: " + kinds());
    }
    return this;
  }
}
