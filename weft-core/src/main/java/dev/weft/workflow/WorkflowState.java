package dev.weft.workflow;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A workflow run's state: named JSON values. Each change is journaled (a {@link #batch} as one
 * entry) and the whole is stored with the run, where {@link WorkflowHandle#query} reads it.
 */
public interface WorkflowState {
  /** The value of {@code key}, or null. */
  <T> @Nullable T get(String key, Type type);

  boolean has(String key);

  void set(String key, @Nullable Object value);

  /** Sets several keys in one journal entry. */
  void update(Map<String, ?> values);

  /** Sets the keys {@code changes} sets in one journal entry. */
  void batch(Consumer<Batch> changes);

  /** The changes of one {@link #batch}. */
  interface Batch {
    Batch set(String key, @Nullable Object value);
  }
}
