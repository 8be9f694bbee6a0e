package dev.weft.cli.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code weft bench loop} reports. Throughput is always shown next to the raw single-row
 * commit rate of the same database and durability, measured in the same run, and their ratio.
 */
public record BenchResult(
    @JsonProperty("bench") String bench,
    @JsonProperty("steps") long steps,
    @JsonProperty("runs") int runs,
    @JsonProperty("policy") String policy,
    @JsonProperty("durability") String durability,
    @JsonProperty("iterations") int iterations,
    @JsonProperty("wall_seconds") double wallSeconds,
    @JsonProperty("steps_per_second") double stepsPerSecond,
    @JsonProperty("baseline_commits_per_second") double baselineCommitsPerSecond,
    @JsonProperty("baseline_before") double baselineBefore,
    @JsonProperty("baseline_after") double baselineAfter,
    @JsonProperty("ratio") double ratio,
    @JsonProperty("iteration_ratios") java.util.List<Double> iterationRatios,
    @JsonProperty("journal_rows") long journalRows,
    @JsonProperty("attempt_rows") long attemptRows,
    @JsonProperty("db_bytes") long dbBytes,
    @JsonProperty("bytes_per_step") double bytesPerStep,
    @JsonProperty("peak_heap_bytes") long peakHeapBytes,
    @JsonProperty("live_heap_bytes") long liveHeapBytes,
    @JsonProperty("resume_millis") double resumeMillis,
    @JsonProperty("transactions") long transactions,
    @JsonProperty("store_operations") long storeOperations,
    @JsonProperty("open_millis") double openMillis,
    @JsonProperty("close_millis") double closeMillis) {}
