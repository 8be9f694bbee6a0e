package dev.weft.cli;

import dev.weft.Weft;
import picocli.CommandLine.Mixin;

/**
 * Base of the commands that need only the database, never the definitions' code. They open an
 * existing store and never create one: a wrong {@code --db} is an error, not a new empty file.
 */
abstract class InspectCommand extends WeftCommand {
  @Mixin Database database;

  @Override
  final int execute(Output out) {
    check();
    try (Weft weft = database.openExisting()) {
      return inspect(weft, out);
    }
  }

  /** Checks the options before the store is opened; throws if they are wrong. */
  void check() {}

  abstract int inspect(Weft weft, Output out);
}
