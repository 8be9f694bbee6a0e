package dev.weft;

import java.util.Collection;

/** No definition with the given name is registered (or on the CLI's classpath). */
public final class DefinitionNotFoundException extends InvalidInputException {
  public DefinitionNotFoundException(String name, Collection<String> known) {
    super("unknown definition '" + name + "'; registered: "
        + (known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().toList()))
        + ". Register it with Weft.register, list it in META-INF/services/dev.weft.Definition,"
        + " or pass its jar with --classpath");
  }
}
