package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.internal.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTest {
  private final StringWriter out = new StringWriter();
  private final Output output = new Output(new PrintWriter(out),
      new PrintWriter(new StringWriter()), false, false);

  @Test
  void tablesAlignColumnsAndDoNotPadTheLastOne() {
    output.table(List.of("A", "LONGER", "C"), List.of(List.of("xyz", "1", "end"),
        List.of("q", "", "")));
    assertEquals("A    LONGER  C\nxyz  1       end\nq\n", out.toString());
  }

  @Test
  void anEmptyTableSaysSo() {
    output.table(List.of("A", "B"), List.of());
    assertEquals("A  B\n(none)\n", out.toString());
  }

  @Test
  void longJsonCellsAreCutToOneShortLine() {
    String cell = Output.cell(Json.parse("{\"text\": \"" + "x".repeat(100) + "\"}", "t"));
    assertEquals(48, cell.length());
    assertEquals("{\"text\":\"xxx", cell.substring(0, 12));
    assertEquals("...", cell.substring(45));
    assertEquals("a b", Output.cut("a\n  b"));
  }

  @Test
  void fieldsAlignValues() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("id", "c1");
    f.put("status", "DONE");
    output.fields(f);
    assertEquals("id:     c1\nstatus: DONE\n", out.toString());
  }
}
