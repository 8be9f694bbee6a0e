package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.Failure;

/** The payload formats of journal entries (see docs/journal-format.md). */
public final class Entries {
  private Entries() {}

  /**
   * The start entry with the state as the encoded bytes it will be stored as: the same
   * document as {@link #runStarted(String, int, JsonNode, JsonNode)}, written without parsing
   * the state into a tree and serializing it again (every run start pays for this).
   */
  public static byte[] runStarted(String definition, int version, JsonNode input,
      byte[] state) {
    byte[] name = Json.bytes(TextNode.valueOf(definition));
    byte[] in = Json.bytes(input);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(
        48 + name.length + in.length + state.length);
    out.writeBytes(ascii("{\"definition\":"));
    out.writeBytes(name);
    out.writeBytes(ascii(",\"version\":" + version + ",\"input\":"));
    out.writeBytes(in);
    out.writeBytes(ascii(",\"state\":"));
    out.writeBytes(state);
    out.write('}');
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  public static byte[] runStarted(String definition, int version, JsonNode input,
      JsonNode state) {
    ObjectNode n = Json.object();
    n.put("definition", definition);
    n.put("version", version);
    n.set("input", input);
    n.set("state", state);
    return Json.bytes(n);
  }

  /**
   * The start entry of a fork: a start entry with {@code forked_from}, {@code {"run", "step"}}
   * and, for a fork of a snapshot, {@code "snapshot"}.
   */
  public static byte[] runForked(String definition, int version, JsonNode input, JsonNode state,
      JsonNode forkedFrom) {
    ObjectNode n = (ObjectNode) Json.tree(runStarted(definition, version, input, state));
    n.set("forked_from", forkedFrom);
    return Json.bytes(n);
  }

  public static byte[] toolIntent(String key, String tool, JsonNode args) {
    ObjectNode n = Json.object();
    n.put("key", key);
    n.put("tool", tool);
    n.set("args", args);
    return Json.bytes(n);
  }

  public static byte[] toolResult(String key, JsonNode result) {
    ObjectNode n = Json.object();
    n.put("key", key);
    n.set("result", result);
    return Json.bytes(n);
  }

  public static byte[] toolFailed(String key, Failure failure) {
    ObjectNode n = Json.object();
    n.put("key", key);
    n.set("failure", Failures.toJson(failure));
    return Json.bytes(n);
  }

  public static byte[] reason(String reason) {
    ObjectNode n = Json.object();
    n.put("reason", reason);
    return Json.bytes(n);
  }

  public static byte[] failure(Failure failure) {
    return Json.bytes(Failures.toJson(failure));
  }

  public static byte[] retried(long fromStep, Failure previous) {
    ObjectNode n = Json.object();
    n.put("from_step", fromStep);
    n.set("previous_failure", Failures.toJson(previous));
    return Json.bytes(n);
  }

  public static ObjectNode attention(String key, String tool, long step) {
    ObjectNode n = Json.object();
    n.put("reason", "in_doubt_tool_call");
    n.put("call", key);
    n.put("tool", tool);
    n.put("step", step);
    n.put("message", "tool call '" + key + "' of tool '" + tool + "' was in flight when the"
        + " process stopped and the tool is not idempotent; check whether its effect happened,"
        + " then settle it with: weft resolve --run-id RUN --call " + key
        + " (--retry | --result JSON | --fail MESSAGE)");
    return n;
  }

  public static byte[] resolved(String key, String action, JsonNode detail) {
    ObjectNode n = Json.object();
    n.put("key", key);
    n.put("action", action);
    n.set("detail", detail);
    return Json.bytes(n);
  }
}
