package dev.weft;

import dev.weft.internal.Labels;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What to record with a new snapshot and which state to take.
 *
 * @param description free text (at most 2,000 characters), or null
 * @param tags distinct tags to find the snapshot by (at most 32, each at most 100 characters)
 * @param atStep take the state at this step (after that many committed steps) from the
 *     journal; null takes the run's current state
 */
public record SnapshotOptions(@Nullable String description, List<String> tags,
    @Nullable Long atStep) {
  /** Limits on what a snapshot records. */
  public static final int MAX_DESCRIPTION = 2_000;
  public static final int MAX_TAGS = 32;
  public static final int MAX_TAG = 100;

  public SnapshotOptions {
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw new InvalidInputException("snapshot description is " + description.length()
          + " characters; at most " + MAX_DESCRIPTION + " are allowed");
    }
    tags = List.copyOf(tags);
    if (tags.size() > MAX_TAGS) {
      throw new InvalidInputException("a snapshot has at most " + MAX_TAGS + " tags, got "
          + tags.size());
    }
    Set<String> seen = new HashSet<>();
    for (String tag : tags) {
      Labels.check("tag", tag, MAX_TAG);
      if (!seen.add(tag)) {
        throw new InvalidInputException("tag '" + tag + "' is given twice");
      }
    }
    if (atStep != null && atStep < 0) {
      throw new InvalidInputException("step must not be negative, got " + atStep);
    }
  }

  /** No description, no tags, the current state. */
  public static SnapshotOptions defaults() {
    return new SnapshotOptions(null, List.of(), null);
  }

  public SnapshotOptions withDescription(@Nullable String value) {
    return new SnapshotOptions(value, tags, atStep);
  }

  public SnapshotOptions withTags(List<String> value) {
    return new SnapshotOptions(description, value, atStep);
  }

  public SnapshotOptions withTags(String... value) {
    return withTags(List.of(value));
  }

  public SnapshotOptions withAtStep(@Nullable Long value) {
    return new SnapshotOptions(description, tags, value);
  }
}
