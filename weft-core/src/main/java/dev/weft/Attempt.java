package dev.weft;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One attempt at a step, as {@code attempts} shows it.
 *
 * @param step the step
 * @param attempt the attempt number (1-based, continuing across restarts)
 * @param started when it started
 * @param ended when it ended
 * @param outcome SUCCEEDED, FAILED or INTERRUPTED
 * @param failure why it failed or was interrupted
 */
public record Attempt(long step, int attempt, Instant started, Instant ended, String outcome,
    @Nullable Failure failure) {}
