package dev.weft.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code weft bench}: the benchmarks ({@code loop}, {@code signal}, {@code timers}, {@code
 * workflow}, {@code workers}).
 */
@Command(name = "bench", description = "Benchmarks; figures are reported next to a baseline"
    + " measured in the same run.", subcommands = {BenchLoopCommand.class,
        BenchSignalCommand.class, BenchTimersCommand.class, BenchWorkflowCommand.class,
        BenchWorkersCommand.class})
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Output.USAGE;
  }
}
