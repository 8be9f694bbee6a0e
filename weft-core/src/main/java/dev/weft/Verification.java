package dev.weft;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of checking a run's journal against its hash chain.
 *
 * @param runId the run
 * @param intact whether every entry, the count and the head match
 * @param entries entries checked
 * @param firstBadSeq the first entry that does not match (or where the missing tail starts)
 * @param problem what is wrong, or "intact"
 * @param keyed whether the chain is keyed (HMAC)
 */
public record Verification(String runId, boolean intact, long entries,
    @Nullable Long firstBadSeq, String problem, boolean keyed) {}
