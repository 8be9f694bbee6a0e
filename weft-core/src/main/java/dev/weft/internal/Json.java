package dev.weft.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.InvalidInputException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON codec for everything Weft stores: states, inputs, results, tool arguments and journal
 * payloads. Numbers keep their full precision (big decimals are never rounded through double).
 */
public final class Json {
  // Runs execute on virtual threads, one per run: Jackson's default buffer recycling is per
  // thread, so every run would allocate fresh parser and generator buffers. A shared
  // pool (a concurrent deque) hands buffers from finished calls to new threads instead.
  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      // Trees must keep a decimal's scale too: 1.10 is not stored or returned as 1.1.
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .findAndAddModules()
      .build();

  /** Readers bound to their target type: the root deserializer is looked up once per type. */
  private static final Map<Type, ObjectReader> READERS = new ConcurrentHashMap<>();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static JavaType type(Type type) {
    return MAPPER.getTypeFactory().constructType(type);
  }

  /** Encodes a value; {@code what} names it in the error if it cannot be serialized. */
  public static byte[] encode(Object value, String what) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new InvalidInputException(what + " of type " + value.getClass().getName()
          + " cannot be serialized to JSON: " + firstLine(e), e);
    }
  }

  /** Decodes bytes as {@code type}; {@code what} names the value in the error. */
  public static <T> T decode(byte[] bytes, Type type, String what) {
    try {
      return READERS.computeIfAbsent(type, t -> MAPPER.readerFor(type(t))).readValue(bytes);
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(what + " is not a valid " + type.getTypeName() + ": "
          + firstLine(e), e);
    }
  }

  /** Converts a JSON tree to {@code type}. */
  public static <T> T convert(JsonNode node, Type type, String what) {
    try {
      return MAPPER.convertValue(node, type(type));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(what + " is not a valid " + type.getTypeName() + ": "
          + firstLine(e), e);
    }
  }

  /** Parses JSON text, with an error that names {@code what} and where the text went wrong. */
  public static JsonNode parse(String text, String what) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new InvalidInputException(what + " is empty; expected a JSON value");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(what + " is not valid JSON: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")", e);
    }
  }

  public static JsonNode tree(byte[] bytes) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      return node == null ? MAPPER.nullNode() : node;
    } catch (IOException e) {
      throw new IllegalStateException("stored JSON is unreadable: " + firstLine(e), e);
    }
  }

  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  public static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(Exception e) {
    String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
