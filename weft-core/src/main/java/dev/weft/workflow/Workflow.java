package dev.weft.workflow;

import dev.weft.Definition;
import dev.weft.internal.Generics;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A durable workflow: {@link #run} is ordinary Java code that reaches the outside world only
 * through its {@link WorkflowContext} (steps, activities, timers, signals, state, children). A
 * run that is resumed, woken or retried re-runs the code from the start; every context call
 * already recorded returns its recorded result without executing anything.
 *
 * <p>Input and result go through JSON; their types are read from the implementing class's
 * {@code Workflow<I, R>} type arguments unless {@link #types()} is overridden. For a lambda use
 * {@link #of} or {@link #builder}.
 *
 * @param <I> input type
 * @param <R> result type
 */
public interface Workflow<I, R> extends Definition {
  /** The workflow's code. Must be deterministic: see docs/determinism.md. */
  R run(I input, WorkflowContext ctx) throws Exception;

  /** The persona shown in progress ("Robin is grading your answers"), or null. */
  default @Nullable String agent() {
    return null;
  }

  /**
   * The steps progress counts, in order: a step or activity of one of these names makes it the
   * current step ("step 3 of 5") with its description.
   */
  default List<StepInfo> steps() {
    return List.of();
  }

  /** The input and result types; by default the class's type arguments. */
  default Types types() {
    Type[] args = Generics.typeArguments(getClass(), Workflow.class);
    return new Types(args[0], args[1]);
  }

  /** The input and result JSON types of a workflow. */
  record Types(Type input, Type result) {
    public Types {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * A step progress reports: its name (of a {@code ctx.step} or activity) and what it says
   * while it is current, after the agent's name ("is grading your answers").
   */
  record StepInfo(String name, String description) {
    public StepInfo {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
    }
  }

  /** The code of a workflow, for {@link #of}. */
  @FunctionalInterface
  interface Body<I, R> {
    R run(I input, WorkflowContext ctx) throws Exception;
  }

  /** A workflow from a lambda, version 1, without persona or step descriptions. */
  static <I, R> Workflow<I, R> of(String name, Class<I> input, Class<R> result, Body<I, R> body) {
    return Workflow.<I, R>builder(name, input, result).build(body);
  }

  /** A builder for a workflow from a lambda: version, agent and step descriptions. */
  static <I, R> WorkflowBuilder<I, R> builder(String name, Class<I> input, Class<R> result) {
    return new WorkflowBuilder<>(name, new Types(input, result));
  }

  /**
   * A builder for a workflow with generic input or result types; write the type arguments:
   * {@code Workflow.<List<Item>, Report>builder("audit", types)}.
   */
  static <I, R> WorkflowBuilder<I, R> builder(String name, Types types) {
    return new WorkflowBuilder<>(name, types);
  }
}
