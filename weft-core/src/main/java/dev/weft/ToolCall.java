package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One managed tool call, as {@code tool-calls} shows it.
 *
 * @param key the call's key within its run ({@code sN.cM} for step N's M-th call, {@code u:KEY}
 *     for a caller-supplied key)
 * @param tool the tool's name
 * @param step the step that made it
 * @param status PENDING (in doubt if the run is not executing), DONE or FAILED
 * @param args the arguments
 * @param result the recorded result, once DONE
 * @param failure why it failed, if FAILED
 * @param started when the intent was recorded
 * @param ended when the result was recorded
 */
public record ToolCall(String key, String tool, long step, String status, JsonNode args,
    @Nullable JsonNode result, @Nullable Failure failure, Instant started,
    @Nullable Instant ended) {}
