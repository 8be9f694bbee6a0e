package dev.weft.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weft snapshot}: the parent of {@code create}, {@code list} and {@code show}. */
@Command(name = "snapshot", description = {
    "Named, tagged copies of a run's state at a committed step; weft fork starts a new run from"
        + " one.",
    "Taking a snapshot writes nothing to the run: it needs no lease and never disturbs an"
        + " executing run."},
    subcommands = {SnapshotCreateCommand.class, SnapshotListCommand.class,
        SnapshotShowCommand.class})
final class SnapshotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Output.USAGE;
  }
}
