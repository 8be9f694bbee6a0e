package dev.weft.workflow;

import dev.weft.RunStatus;
import org.jspecify.annotations.Nullable;

/**
 * Where an active workflow run of an owner is.
 *
 * @param runId the run
 * @param workflow its workflow's name
 * @param agent its persona, or null
 * @param message what it is doing, for people ("Robin is grading your answers")
 * @param step the current declared step (1-based), or 0 before the first
 * @param total the number of declared steps (0 if the workflow declares none)
 * @param stepName the current step's name, or null
 * @param status the run's status
 */
public record WorkflowProgress(String runId, String workflow, @Nullable String agent,
    String message, int step, int total, @Nullable String stepName, RunStatus status) {}
