package dev.weft.sqlite;

import dev.weft.Tool;
import dev.weft.Weft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The main class of a child JVM: runs three charging steps on {@code args[0]} whose tool appends
 * a line to {@code args[1]}, and halts the JVM right after the second line is written — the
 * effect happened, its result was never recorded.
 */
public final class HaltingChild {
  static final int EXIT = 77;

  private HaltingChild() {}

  public static void main(String[] args) throws Exception {
    Path effects = Path.of(args[1]);
    try (Weft weft = Weft.open("sqlite:" + args[0])) {
      weft.run(charging(effects, true), "child", new Steps.Input(3));
    }
  }

  /** The charging loop; {@code halt} makes the call for order-1 end the process. */
  static Steps charging(Path effects, boolean halt) {
    Tool<String, String> charge = Tool.of("charge", String.class, String.class, (order, inv) -> {
      Files.writeString(effects, order + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.SYNC);
      if (halt && order.equals("order-1")) {
        Runtime.getRuntime().halt(EXIT);
      }
      return "receipt-" + order;
    });
    return new Steps((ctx, s) -> ctx.callTool("charge", "order-" + ctx.step(), String.class),
        charge);
  }
}
