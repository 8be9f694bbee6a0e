package dev.weft.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The index row of a managed tool call. The call's arguments and result live in the journal
 * entries at {@code intentSeq} and {@code resultSeq}.
 *
 * @param key the call's key, unique within its run
 * @param tool the tool's name
 * @param step the step that made the call
 * @param status where the call is
 * @param intentSeq journal position of the intent
 * @param resultSeq journal position of the result or failure, once known
 * @param startedMillis when the intent was recorded
 * @param endedMillis when the result was recorded
 */
public record ToolCallRow(String key, String tool, long step, Status status, long intentSeq,
    @Nullable Long resultSeq, long startedMillis, @Nullable Long endedMillis) {
  public ToolCallRow {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(status, "status");
  }

  /** Where a call is. Codes are stored: never renumber. */
  public enum Status {
    /** Intent recorded, no result: in doubt if the process died. */
    PENDING(0),
    /** Result recorded. */
    DONE(1),
    /** The tool threw; the effect did not happen. */
    FAILED(2);

    private final int code;

    Status(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Status of(int code) {
      return switch (code) {
        case 0 -> PENDING;
        case 1 -> DONE;
        case 2 -> FAILED;
        default -> throw new IllegalArgumentException("unknown tool call status code " + code);
      };
    }
  }
}
