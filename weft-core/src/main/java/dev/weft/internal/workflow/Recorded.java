package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.Failure;
import org.jspecify.annotations.Nullable;

/** What the history holds for one position: the command and, once it has one, its outcome. */
final class Recorded {
  final int pos;
  final Cmd kind;
  final String name;
  final @Nullable String hash;
  /** The command entry's payload. */
  final JsonNode data;
  /** Whether the outcome is known: a result, a failure, a wake, a cancellation. */
  boolean done;
  @Nullable JsonNode result;
  @Nullable Failure failure;
  int attempts;
  /** A signal wait (or child await) that timed out. */
  boolean timedOut;
  /** A cancellation delivered here, with its reason. */
  @Nullable String cancelled;
  /** An in-doubt activity an operator (or a retry of the run) asked to run again. */
  boolean rerun;

  Recorded(int pos, Cmd kind, String name, @Nullable String hash, JsonNode data) {
    this.pos = pos;
    this.kind = kind;
    this.name = name;
    this.hash = hash;
    this.data = data;
  }

  /** Commands that are complete once recorded. */
  static boolean instant(Cmd kind) {
    return switch (kind) {
      case STATE, NOW, RANDOM, UUID, VERSION, CHILD_START -> true;
      case STEP, ACTIVITY, SLEEP, SIGNAL, CHILD_AWAIT -> false;
    };
  }

  String describe() {
    return Cmd.describe(kind, name, hash);
  }
}
