package dev.weft.cli;

/** Entry point of the {@code weft} command (placeholder until the CLI lands). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("weft");
  }
}
