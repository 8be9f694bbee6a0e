package dev.weft.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ErrorClass;
import dev.weft.Failure;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** The JSON form of a {@link Failure}: {@code {"class": ..., "type": ..., "message": ...}}. */
public final class Failures {
  private Failures() {}

  public static ObjectNode toJson(Failure f) {
    ObjectNode node = Json.object();
    node.put("class", f.errorClass().name());
    node.put("type", f.type());
    node.put("message", f.message());
    return node;
  }

  public static Failure fromJson(JsonNode n) {
    return new Failure(ErrorClass.parse(n.path("class").asText("UNKNOWN")),
        n.path("type").asText(""), n.path("message").asText(""));
  }

  public static @Nullable String toText(@Nullable Failure f) {
    return f == null ? null : Json.text(toJson(f));
  }

  public static @Nullable Failure fromText(@Nullable String text) {
    return text == null ? null : fromJson(Json.tree(text.getBytes(StandardCharsets.UTF_8)));
  }
}
