package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.WeftException;
import dev.weft.internal.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How commands print: one JSON document with {@code --json}; otherwise aligned tables, aligned
 * {@code key: value} blocks and status lines. Errors are one line on stderr (and an
 * {@code {"error": ...}} document on stdout with {@code --json}).
 */
final class Output {
  /** Exit codes of every command. */
  static final int OK = 0;
  static final int RUN_FAILED = 1;
  static final int USAGE = 2;

  private static final int CELL_WIDTH = 48;
  /** Values in {@code key: value} blocks may be longer than table cells, but not unbounded. */
  static final int FIELD_WIDTH = 200;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean verbose;

  Output(PrintWriter out, PrintWriter err, boolean json, boolean verbose) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.verbose = verbose;
  }

  boolean json() {
    return json;
  }

  void json(JsonNode document) {
    out.println(Json.pretty(document));
    out.flush();
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** A table with aligned columns; the last column is not padded. */
  void table(List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        String cell = row.get(i);
        b.append(cell);
        if (i < width.length - 1) {
          b.append(" ".repeat(width[i] - cell.length() + 2));
        }
      }
      out.println(b.toString().stripTrailing());
    }
    if (rows.isEmpty()) {
      out.println("(none)");
    }
    out.flush();
  }

  /** {@code key: value} lines with the values aligned. */
  void fields(Map<String, String> fields) {
    int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
    fields.forEach((k, v) -> out.println((k + ":" + " ".repeat(width - k.length() + 1) + v)
        .stripTrailing()));
    out.flush();
  }

  /** Prints an error the way every command does and returns exit code 2. */
  int fail(Throwable e) {
    return error(message(e), e);
  }

  /** Prints {@code weft: message} (and the stack trace of {@code cause} with --verbose). */
  int error(String message, Throwable cause) {
    err.println("weft: " + message);
    if (verbose) {
      cause.printStackTrace(err);
    }
    err.flush();
    if (json) {
      json(error(message));
    }
    return USAGE;
  }

  static JsonNode error(String message) {
    return Json.object().put("error", message);
  }

  /** One line: Weft's own messages as they are, anything else with its type. */
  static String message(Throwable e) {
    String m = e.getMessage();
    String text = e instanceof WeftException && m != null ? m
        : "unexpected " + e.getClass().getName() + (m == null ? "" : ": " + m);
    return oneLine(text);
  }

  static String oneLine(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** A JSON value as a table cell: compact, on one line, cut to a readable width. */
  static String cell(@Nullable JsonNode value) {
    return cell(value, CELL_WIDTH);
  }

  static String cell(@Nullable JsonNode value, int width) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    return cut(value.isTextual() ? value.asText() : Json.text(value), width);
  }

  static String cut(@Nullable String text) {
    return cut(text, CELL_WIDTH);
  }

  static String cut(@Nullable String text, int width) {
    if (text == null) {
      return "";
    }
    String one = oneLine(text);
    return one.length() <= width ? one : one.substring(0, width - 3) + "...";
  }
}
