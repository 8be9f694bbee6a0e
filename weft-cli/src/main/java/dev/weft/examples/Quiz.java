package dev.weft.examples;

import dev.weft.workflow.Activity;
import dev.weft.workflow.Workflow;
import dev.weft.workflow.WorkflowContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code quiz}: the assessment workflow of loom-core's README, in Weft, with Robin as its agent.
 * Generates a quiz, sends it to the LMS, waits the time the LMS gives (two minutes; the run holds
 * no thread meanwhile and a {@code weft worker} continues it), pulls the submissions, grades and
 * stores the result. Progress reads "Robin is grading your answers", step 6 of 7.
 *
 * <pre>
 * weft run quiz --run-id quiz-1 --input '{"lessonId": "lesson_123"}'   # WAITING (2 minutes)
 * weft worker                                                        # continues it when due
 * weft get --run-id quiz-1
 * </pre>
 */
public final class Quiz implements Workflow<Quiz.Input, Quiz.Assessment> {
  /** The lesson to quiz on. */
  public record Input(String lessonId) {}

  /** The graded result. */
  public record Assessment(String quizId, int score, String status) {}

  static final Activity<String, String> GENERATE = Activity.of("generate_quiz", String.class,
      (lesson, inv) -> "Quiz-" + ThreadLocalRandom.current().nextInt(1000, 10_000));

  static final Activity<String, Boolean> SEND_TO_LMS = Activity.of("send_to_lms",
      Boolean.class, (quizId, inv) -> true);

  static final Activity<String, Integer> FETCH_WAIT_TIME = Activity.of("fetch_wait_time",
      Integer.class, (quizId, inv) -> 120);

  static final Activity<String, String[]> PULL_SUBMISSIONS = Activity.of("pull_submissions",
      String[].class, (quizId, inv) -> new String[] {"Submission 1", "Submission 2",
          "Submission 3"});

  static final Activity<String, Assessment> ASSESS = Activity.of("assess_result",
      Assessment.class, (quizId, inv) -> new Assessment(quizId,
          ThreadLocalRandom.current().nextInt(50, 101), "Completed"));

  static final Activity<Assessment, Boolean> STORE = Activity.of("store_result", Boolean.class,
      (result, inv) -> true);

  @Override
  public String name() {
    return "quiz";
  }

  @Override
  public String agent() {
    return "Robin";
  }

  @Override
  public List<StepInfo> steps() {
    return List.of(new StepInfo("generate_quiz", "is writing your quiz"),
        new StepInfo("send_to_lms", "is sending the quiz to your LMS"),
        new StepInfo("fetch_wait_time", "is checking how long the quiz stays open"),
        new StepInfo("wait_step", "is waiting for your answers"),
        new StepInfo("pull_submissions", "is collecting your answers"),
        new StepInfo("assess_result", "is grading your answers"),
        new StepInfo("store_result", "is storing your results"));
  }

  @Override
  public Assessment run(Input in, WorkflowContext ctx) {
    ctx.logger().info("Generating Quiz...");
    String quizId = ctx.activity(GENERATE, in.lessonId());
    ctx.state().set("quiz_id", quizId);
    ctx.logger().info("Sending Quiz " + quizId + " to LMS...");
    ctx.activity(SEND_TO_LMS, quizId);
    int seconds = ctx.activity(FETCH_WAIT_TIME, quizId);
    ctx.state().set("wait_time", seconds);
    ctx.step("wait_step", () -> ctx.logger().info("Waiting for " + seconds + " seconds..."));
    ctx.sleep(Duration.ofSeconds(seconds));
    String[] submissions = ctx.activity(PULL_SUBMISSIONS, quizId);
    ctx.state().set("submissions", submissions);
    Assessment result = ctx.activity(ASSESS, quizId);
    ctx.state().set("result", result);
    ctx.activity(STORE, result);
    ctx.logger().info("Workflow completed!");
    return result;
  }
}
