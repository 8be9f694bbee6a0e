package dev.weft.examples;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weft.InvalidInputException;
import dev.weft.Loop;
import dev.weft.StepContext;
import dev.weft.Tool;
import dev.weft.Transition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code charge}: a loop whose every step performs one side effect that must not happen twice,
 * standing in for charging a card or sending an e-mail.
 *
 * <p>Input {@code {"file": PATH, "count": N}}, optionally {@code "delay_ms": D} to spend D
 * milliseconds of work in each step before its charge (the demo uses it to have time to kill
 * the process mid-run). Step i (1-based) makes one managed tool call,
 * {@code append}, that appends the line {@code charge-<i>} to the file; the run completes with
 * N. The tool is deliberately <em>not</em> idempotent: if the process dies while a call is in
 * flight, Weft cannot know whether the line was written, so the resumed run stops in
 * {@code NEEDS_ATTENTION} and an operator settles the call with {@code weft resolve} after
 * looking at the file. Whatever crashes, each line appears at most once, and exactly once when
 * the run completes.
 */
public final class Charge implements Loop<Charge.Input, Charge.State, Integer> {
  /** The run's input: the file to append to and how many charges to make. */
  public record Input(String file, int count,
      @JsonProperty("delay_ms") @Nullable Integer delayMs) {
    public Input(String file, int count) {
      this(file, count, null);
    }
  }

  /** The state committed after each step: charges made so far. */
  public record State(String file, int count, int done,
      @JsonProperty("delay_ms") int delayMs) {}

  /** The arguments of one {@code append} call. */
  public record Append(String file, String line) {}

  /** Appends one line (open, append, close); not idempotent. */
  static final Tool<Append, String> APPEND = Tool.of("append", Append.class, String.class,
      (args, invocation) -> {
        Files.writeString(Path.of(args.file()), args.line() + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return args.line();
      });

  @Override
  public String name() {
    return "charge";
  }

  @Override
  public List<Tool<?, ?>> tools() {
    return List.of(APPEND);
  }

  @Override
  public State start(Input input) {
    if (input.file() == null || input.file().isBlank()) {
      throw new InvalidInputException("charge needs a \"file\" to append to");
    }
    if (input.count() < 0) {
      throw new InvalidInputException("count must not be negative, got " + input.count());
    }
    // Resolved once, so that a resume from another directory appends to the same file.
    int delay = input.delayMs() == null ? 0 : input.delayMs();
    if (delay < 0) {
      throw new InvalidInputException("delay_ms must not be negative, got " + delay);
    }
    return new State(Path.of(input.file()).toAbsolutePath().toString(), input.count(), 0,
        delay);
  }

  @Override
  public Transition<State, Integer> step(State s, StepContext ctx) throws InterruptedException {
    if (s.done() >= s.count()) {
      return Transition.complete(s.done()); // only for count 0: nothing to charge
    }
    if (s.delayMs() > 0) {
      Thread.sleep(s.delayMs());
    }
    int i = s.done() + 1;
    ctx.callTool("append", new Append(s.file(), "charge-" + i), String.class);
    return i == s.count() ? Transition.complete(i)
        : Transition.next(new State(s.file(), s.count(), i, s.delayMs()));
  }
}
