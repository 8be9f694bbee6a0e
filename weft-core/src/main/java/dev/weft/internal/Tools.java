package dev.weft.internal;

import dev.weft.InvalidInputException;
import dev.weft.Tool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A definition's tools by name. */
public final class Tools {
  private final Map<String, Tool<?, ?>> byName;

  private Tools(Map<String, Tool<?, ?>> byName) {
    this.byName = byName;
  }

  public static Tools of(List<Tool<?, ?>> tools) {
    Map<String, Tool<?, ?>> map = new HashMap<>();
    for (Tool<?, ?> t : tools) {
      if (map.put(t.name(), t) != null) {
        throw new InvalidInputException("two tools are named '" + t.name() + "'");
      }
    }
    return new Tools(Map.copyOf(map));
  }

  @SuppressWarnings("unchecked")
  public Tool<Object, Object> get(String name) {
    Tool<?, ?> t = byName.get(name);
    if (t == null) {
      throw new InvalidInputException("unknown tool '" + name + "'; this definition has "
          + byName.keySet().stream().sorted().toList());
    }
    return (Tool<Object, Object>) t;
  }
}
