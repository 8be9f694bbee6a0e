package dev.weft.cli;

import picocli.CommandLine.Option;

/** {@code --limit} and {@code --offset} of the paged listings. */
final class Paging {
  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "Show at most N rows (1..10000, default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
      description = "Skip the first N rows (default ${DEFAULT-VALUE}).")
  long offset;

  /** After a full page, tells how to see the next one. */
  void hintNextPage(Output out, int shown) {
    if (shown >= limit) {
      out.line("(more may follow: --offset " + (offset + shown) + ")");
    }
  }
}
