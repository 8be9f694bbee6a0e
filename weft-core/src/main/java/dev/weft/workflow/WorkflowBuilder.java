package dev.weft.workflow;

import dev.weft.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Builds a {@link Workflow} from a lambda; see {@link Workflow#builder}. */
public final class WorkflowBuilder<I, R> {
  private final String name;
  private final Workflow.Types types;
  private int version = 1;
  private @Nullable String agent;
  private final List<Workflow.StepInfo> steps = new ArrayList<>();

  WorkflowBuilder(String name, Workflow.Types types) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("a workflow needs a name");
    }
    this.name = name;
    this.types = types;
  }

  public WorkflowBuilder<I, R> version(int value) {
    if (value < 1) {
      throw new InvalidInputException("versions start at 1, got " + value);
    }
    version = value;
    return this;
  }

  public WorkflowBuilder<I, R> agent(String value) {
    agent = Objects.requireNonNull(value, "agent");
    return this;
  }

  /** Declares a step progress counts, with what it says while current. */
  public WorkflowBuilder<I, R> step(String stepName, String description) {
    steps.add(new Workflow.StepInfo(stepName, description));
    return this;
  }

  public Workflow<I, R> build(Workflow.Body<I, R> body) {
    Objects.requireNonNull(body, "body");
    List<Workflow.StepInfo> stepList = List.copyOf(steps);
    int v = version;
    String a = agent;
    return new Workflow<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int version() {
        return v;
      }

      @Override
      public @Nullable String agent() {
        return a;
      }

      @Override
      public List<StepInfo> steps() {
        return stepList;
      }

      @Override
      public Types types() {
        return types;
      }

      @Override
      public R run(I input, WorkflowContext ctx) throws Exception {
        return body.run(input, ctx);
      }

      @Override
      public String toString() {
        return "Workflow[" + name + " v" + v + "]";
      }
    };
  }
}
