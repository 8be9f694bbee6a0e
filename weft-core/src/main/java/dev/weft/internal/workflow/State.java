package dev.weft.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.InvalidInputException;
import dev.weft.internal.Json;
import dev.weft.workflow.WorkflowState;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** A run's state: JSON values by key; each change is a command of its context. */
final class State implements WorkflowState {
  final ObjectNode values = Json.object();
  private final Context ctx;

  State(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public <T> @Nullable T get(String key, Type type) {
    JsonNode v = values.get(key);
    return v == null || v.isNull() ? null : Json.convert(v, type, "state '" + key + "'");
  }

  @Override
  public boolean has(String key) {
    return values.has(key);
  }

  @Override
  public void set(String key, @Nullable Object value) {
    ObjectNode changes = Json.object();
    changes.set(key, tree(key, value));
    ctx.stateChange(changes);
  }

  @Override
  public void update(Map<String, ?> changes) {
    ObjectNode c = Json.object();
    changes.forEach((k, v) -> c.set(k, tree(k, v)));
    if (!c.isEmpty()) {
      ctx.stateChange(c);
    }
  }

  @Override
  public void batch(Consumer<Batch> changes) {
    ObjectNode c = Json.object();
    changes.accept(new Batch() {
      @Override
      public Batch set(String key, @Nullable Object value) {
        c.set(key, tree(key, value));
        return this;
      }
    });
    if (!c.isEmpty()) {
      ctx.stateChange(c);
    }
  }

  private static JsonNode tree(String key, @Nullable Object value) {
    try {
      return Json.tree(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("state '" + key + "' cannot be serialized to JSON: "
          + e.getMessage(), e);
    }
  }
}
