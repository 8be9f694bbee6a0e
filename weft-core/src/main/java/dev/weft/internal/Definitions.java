package dev.weft.internal;

import dev.weft.Definition;
import dev.weft.DefinitionNotFoundException;
import dev.weft.InvalidInputException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** Definitions known to one Weft instance, by name. */
public final class Definitions {
  private final Map<String, Definition> byName = new ConcurrentHashMap<>();

  /**
   * Registers a definition; the same object twice is fine, two different ones are not. Returns
   * whether the name is new.
   */
  public boolean register(Definition d) {
    if (d.name() == null || d.name().isBlank()) {
      throw new InvalidInputException("definition " + d.getClass().getName()
          + " has a blank name");
    }
    Definition before = byName.putIfAbsent(d.name(), d);
    if (before != null && before != d && before.getClass() != d.getClass()) {
      throw new InvalidInputException("two definitions are named '" + d.name() + "': "
          + before.getClass().getName() + " and " + d.getClass().getName());
    }
    return before == null;
  }

  /** Registers every definition the class loader lists under META-INF/services. */
  public void discover(ClassLoader loader) {
    for (Definition d : ServiceLoader.load(Definition.class, loader)) {
      register(d);
    }
  }

  public Definition get(String name) {
    Definition d = byName.get(name);
    if (d == null) {
      throw new DefinitionNotFoundException(name, byName.keySet());
    }
    return d;
  }

  public java.util.Set<String> names() {
    return java.util.Set.copyOf(byName.keySet());
  }
}
