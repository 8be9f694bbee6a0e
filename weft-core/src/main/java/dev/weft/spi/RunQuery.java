package dev.weft.spi;

import dev.weft.InvalidInputException;
import dev.weft.RunStatus;
import org.jspecify.annotations.Nullable;

/**
 * A filter and page over runs, newest first.
 *
 * @param status only runs with this status (null = any)
 * @param definition only runs of this definition (null = any)
 * @param offset rows to skip
 * @param limit rows to return at most
 */
public record RunQuery(@Nullable RunStatus status, @Nullable String definition, long offset,
    int limit) {
  public RunQuery {
    if (offset < 0) {
      throw new InvalidInputException("offset must not be negative, got " + offset);
    }
    if (limit < 1 || limit > 10_000) {
      throw new InvalidInputException("limit must be within 1..10000, got " + limit);
    }
  }

  public static RunQuery all() {
    return new RunQuery(null, null, 0, 100);
  }

  public RunQuery withStatus(@Nullable RunStatus value) {
    return new RunQuery(value, definition, offset, limit);
  }

  public RunQuery withDefinition(@Nullable String value) {
    return new RunQuery(status, value, offset, limit);
  }

  public RunQuery page(long newOffset, int newLimit) {
    return new RunQuery(status, definition, newOffset, newLimit);
  }
}
