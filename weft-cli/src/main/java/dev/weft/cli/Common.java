package dev.weft.cli;

import picocli.CommandLine.Option;

/** Options every command takes: how to print. */
final class Common {
  @Option(names = "--json", description = "Print exactly one JSON document on stdout.")
  boolean json;

  @Option(names = "--verbose", description = "Print a stack trace with errors.")
  boolean verbose;
}
