package dev.weft.cli.testing;

import dev.weft.Loop;
import dev.weft.StepContext;
import dev.weft.Tool;
import dev.weft.Transition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code test-halting}: one step making one non-idempotent call that appends {@code effect} to
 * a file. In a JVM started with {@code -Dweft.test.halt-after-effect=true} the process halts
 * right after the effect, before its result is recorded: the call is then in doubt.
 */
public final class Halting implements Loop<Halting.Input, Halting.Input, String> {
  public static final String HALT = "weft.test.halt-after-effect";

  public record Input(String file) {}

  public record Write(String file, String line) {}

  private static final Tool<Write, String> WRITE = Tool.of("write", Write.class, String.class,
      (args, invocation) -> {
        Files.writeString(Path.of(args.file()), args.line() + "\n", StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        if (Boolean.getBoolean(HALT)) {
          Runtime.getRuntime().halt(3);
        }
        return args.line();
      });

  @Override
  public String name() {
    return "test-halting";
  }

  @Override
  public List<Tool<?, ?>> tools() {
    return List.of(WRITE);
  }

  @Override
  public Input start(Input input) {
    return input;
  }

  @Override
  public Transition<Input, String> step(Input s, StepContext ctx) {
    return Transition.complete(ctx.callTool("write", new Write(s.file(), "effect"),
        String.class));
  }
}
