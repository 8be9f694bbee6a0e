package dev.weft;

/**
 * Which states a loop run keeps. Resume always uses the latest state (kept on the run itself),
 * so every policy resumes in O(1); the policies differ in what history stays inspectable.
 */
public sealed interface CheckpointPolicy {
  /** Every step's state and every attempt are kept. The default. */
  record Full() implements CheckpointPolicy {}

  /** Every {@code every}-th step's state (and step 0) is kept; every attempt is kept. */
  record Interval(int every) implements CheckpointPolicy {
    public Interval {
      if (every < 1) {
        throw new InvalidInputException("checkpoint interval must be at least 1, got " + every);
      }
    }
  }

  /** Every step's state is kept, but only failed and retried attempts are recorded. */
  record Compact() implements CheckpointPolicy {}

  static CheckpointPolicy full() {
    return new Full();
  }

  static CheckpointPolicy interval(int every) {
    return new Interval(every);
  }

  static CheckpointPolicy compact() {
    return new Compact();
  }

  /** Parses {@code full}, {@code compact} or {@code interval} (with {@code every}). */
  static CheckpointPolicy parse(String name, int every) {
    return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "full" -> full();
      case "compact" -> compact();
      case "interval" -> interval(every);
      default -> throw new InvalidInputException("unknown checkpoint policy '" + name
          + "'; expected full, interval or compact");
    };
  }

  /** Whether the state after committing step {@code step} (0-based) is kept in the journal. */
  default boolean keepsState(long step) {
    return switch (this) {
      case Full f -> true;
      case Compact c -> true;
      case Interval i -> step % i.every() == 0;
    };
  }

  /** Whether a successful first attempt is recorded (in the entry that commits its step). */
  default boolean recordsEveryAttempt() {
    return !(this instanceof Compact);
  }

  /** A short name: full, compact or interval(n). */
  default String describe() {
    return switch (this) {
      case Full f -> "full";
      case Compact c -> "compact";
      case Interval i -> "interval(" + i.every() + ")";
    };
  }
}
