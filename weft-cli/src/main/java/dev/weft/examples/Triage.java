package dev.weft.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.Effect;
import dev.weft.Graph;
import dev.weft.GraphDefinition;
import dev.weft.Plan;
import dev.weft.StepContext;
import dev.weft.Tool;
import dev.weft.internal.Json;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code triage}: a graph with a branch and a tool call. Input {@code {"text": ...}}; node
 * {@code classify} sends urgent texts (outage, down, urgent, sev1, emergency) to {@code urgent},
 * which pages the on-call engineer ({@code page_oncall}, idempotent), and anything else to
 * {@code normal}, which files a ticket ({@code file_ticket}, not idempotent); {@code done}
 * completes with the severity and what was done.
 *
 * <pre>
 * weft run triage --run-id t1 --input '{"text": "checkout is down"}'
 * weft graph triage --format mermaid
 * </pre>
 */
public final class Triage extends GraphDefinition {
  private static final Pattern URGENT = Pattern.compile(
      "\\b(urgent|outage|down|sev1|emergency)\\b");

  static final Tool<JsonNode, JsonNode> PAGE_ONCALL = Tool.idempotent("page_oncall",
      JsonNode.class, JsonNode.class, (args, call) -> Json.tree(Map.of("paged", "on-call",
          "incident", "INC-" + call.idempotencyKey())));

  static final Tool<JsonNode, JsonNode> FILE_TICKET = Tool.of("file_ticket", JsonNode.class,
      JsonNode.class, (args, call) -> Json.tree(Map.of("ticket",
          "TKT-" + call.idempotencyKey())));

  public Triage() {
    super(Graph.builder("triage")
        .entry("classify")
        .node("classify", Triage::classify, "urgent", "normal")
        .node("urgent", (vars, ctx) -> Plan.next(Effect.toolCall("page_oncall",
            Map.of("summary", text(vars)), "action"), "done"), "done")
        .node("normal", (vars, ctx) -> Plan.next(Effect.toolCall("file_ticket",
            Map.of("summary", text(vars)), "action"), "done"), "done")
        .node("done", (vars, ctx) -> Plan.complete(Map.of("severity", vars.get("severity"),
            "action", vars.get("action"))))
        .tools(PAGE_ONCALL, FILE_TICKET)
        .build());
  }

  private static Plan classify(ObjectNode vars, StepContext ctx) {
    boolean urgent = URGENT.matcher(text(vars).toLowerCase(Locale.ROOT)).find();
    vars.put("severity", urgent ? "urgent" : "normal");
    return Plan.next(urgent ? "urgent" : "normal");
  }

  private static String text(ObjectNode vars) {
    JsonNode text = vars.at("/input/text");
    return text.isTextual() ? text.asText() : "";
  }
}
