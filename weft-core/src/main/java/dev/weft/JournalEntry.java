package dev.weft;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One journal entry as {@code history} shows it.
 *
 * @param seq 1-based position in the run's journal
 * @param kind what happened (e.g. {@code STEP_COMMITTED}, {@code TOOL_INTENT})
 * @param step the step it belongs to
 * @param at when it was recorded
 * @param data its payload (null if empty)
 * @param size the payload's size in bytes
 * @param blob the blob hash if the payload is stored as a blob
 * @param hash the stored (truncated) chain link, hex
 */
public record JournalEntry(long seq, String kind, long step, Instant at, @Nullable JsonNode data,
    long size, @Nullable String blob, String hash) {}
