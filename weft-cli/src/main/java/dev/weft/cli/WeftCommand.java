package dev.weft.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every command: gives it an {@link Output} and turns any exception into a one-line
 * error and exit code 2, so that a subclass only says what it does and what it prints.
 */
abstract class WeftCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin Common common;

  @Override
  public final Integer call() {
    Output out = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(),
        common.json, common.verbose);
    try {
      return execute(out);
    } catch (Exception e) {
      return out.fail(e);
    }
  }

  /** Does the work and prints the outcome; returns the exit code. */
  abstract int execute(Output out) throws Exception;
}
