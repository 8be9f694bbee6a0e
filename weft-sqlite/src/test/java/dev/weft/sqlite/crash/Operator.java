package dev.weft.sqlite.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.weft.Resolution;
import dev.weft.RunInfo;
import dev.weft.RunStatus;
import dev.weft.ToolCall;
import dev.weft.Weft;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What an operator does with a charge run that needs attention: look at the effects file. If the
 * in-doubt call's line is there, the charge happened: supply the result the tool would have
 * returned. Otherwise the charge did not happen: let it be retried.
 */
final class Operator {
  private Operator() {}

  /** Settles the in-doubt call of {@code runId}; returns the call key and the action taken. */
  static String resolve(Weft weft, String runId, Path base) throws IOException {
    RunInfo run = weft.get(runId);
    if (run.status() != RunStatus.NEEDS_ATTENTION || run.detail() == null) {
      throw new IllegalStateException("run " + runId + " does not need attention: " + run);
    }
    String key = run.detail().path("call").asText();
    ToolCall call = weft.inspector().toolCalls(runId, 0, 10_000).stream()
        .filter(c -> c.key().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no tool call " + key + " in " + runId));
    JsonNode args = call.args();
    int i = args.path("i").asInt(-1);
    Path file = base.resolve(args.path("file").asText());
    boolean happened = ChargeLoop.lines(file).contains(ChargeLoop.line(i));
    Resolution resolution = happened ? Resolution.result(IntNode.valueOf(i))
        : Resolution.retry();
    weft.resolve(runId, key, resolution);
    return key + " " + resolution.action();
  }
}
