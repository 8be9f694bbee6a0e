package dev.weft.internal.workflow;

/** The kinds of commands workflow code records at its positions. */
enum Cmd {
  STEP("step"), ACTIVITY("activity"), STATE("state change"), NOW("now()"), RANDOM("random()"),
  UUID("uuid()"), VERSION("version marker"), SLEEP("sleep"), SIGNAL("signal wait"),
  CHILD_START("child start"), CHILD_AWAIT("child result");

  final String label;

  Cmd(String label) {
    this.label = label;
  }

  /** How a command reads in a non-determinism message. */
  static String describe(Cmd kind, String name, @org.jspecify.annotations.Nullable String hash) {
    return kind.label + " '" + name + "'" + (hash == null ? "" : " with argument hash " + hash);
  }
}
