package dev.weft.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.Loop;
import dev.weft.RunInfo;
import dev.weft.RunOptions;
import dev.weft.RunStatus;
import dev.weft.StepContext;
import dev.weft.Transition;
import dev.weft.Weft;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input, state and result are typed values that survive JSON exactly, generics and all. */
class TypedStateTest {
  @TempDir Path dir;

  record Item(String sku, BigDecimal price, long quantity) {}

  record Basket(List<Map<String, Item>> lines, BigDecimal total, long checksum) {}

  record Order(int lines, BigDecimal unit) {}

  /** Adds one line per step; every step checks it received exactly what the last one made. */
  static final class Shop implements Loop<Order, Basket, Map<String, List<Integer>>> {
    final List<Basket> seen = new ArrayList<>();

    @Override
    public String name() {
      return "shop";
    }

    @Override
    public Basket start(Order input) {
      return new Basket(List.of(), input.unit(), Long.MAX_VALUE);
    }

    @Override
    public Transition<Basket, Map<String, List<Integer>>> step(Basket b, StepContext ctx) {
      seen.add(b);
      int i = b.lines().size();
      if (i == 3) {
        Map<String, List<Integer>> result = new TreeMap<>();
        for (Map<String, Item> line : b.lines()) {
          line.forEach((k, item) -> result.put(k, List.of(item.price().scale(),
              (int) (Long.MAX_VALUE - item.quantity()))));
        }
        return Transition.complete(result);
      }
      return Transition.next(expectedAfter(b, i));
    }
  }

  static Basket expectedAfter(Basket b, int i) {
    BigDecimal price = new BigDecimal("12345678901234567890.12345678901234567890" + i + "0");
    Map<String, Item> line = new LinkedHashMap<>();
    line.put("line-" + i, new Item("sku-" + i, price, Long.MAX_VALUE - i));
    List<Map<String, Item>> lines = new ArrayList<>(b.lines());
    lines.add(line);
    return new Basket(lines, b.total().add(price), b.checksum() - i);
  }

  @Test
  void recordsNestedGenericsBigDecimalsAndLongsSurviveEveryStepExactly() {
    Shop shop = new Shop();
    Order order = new Order(3, new BigDecimal("1.10"));
    RunInfo run;
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      run = weft.run(shop, "typed", order);
    }
    assertEquals(RunStatus.COMPLETED, run.status());
    Basket expected = new Basket(List.of(), new BigDecimal("1.10"), Long.MAX_VALUE);
    List<Basket> chain = new ArrayList<>(List.of(expected));
    for (int i = 0; i < 3; i++) {
      expected = expectedAfter(expected, i);
      chain.add(expected);
    }
    assertEquals(chain, shop.seen, "each step receives exactly the previous step's state");
    Map<String, List<Integer>> result = run.result(new Shop().types().result());
    assertEquals(Map.of("line-0", List.of(22, 0), "line-1", List.of(22, 1),
        "line-2", List.of(22, 2)), result);
  }

  @Test
  void stateReadBackFromTheStoreKeepsScaleAndPrecision() {
    Type state = new Shop().types().state();
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      RunInfo paused = weft.run(new Shop(), "typed", new Order(3, new BigDecimal("1.10")),
          RunOptions.defaults().withMaxSteps(2));
      assertEquals(RunStatus.PAUSED, paused.status());
      Basket b = paused.state(state);
      Basket expected = expectedAfter(expectedAfter(
          new Basket(List.of(), new BigDecimal("1.10"), Long.MAX_VALUE), 0), 1);
      assertEquals(expected, b);
      assertEquals(new BigDecimal("24691357802469135781.3469135780246913578010"), b.total(),
          "the sum keeps every digit and the scale");
    }
  }

  @Test
  void aResumedRunSeesTheSameTypedStateAsAnUninterruptedOne() {
    Shop uninterrupted = new Shop();
    Shop first = new Shop();
    Shop second = new Shop();
    Order order = new Order(3, new BigDecimal("0.000"));
    JsonNode resultOfWhole;
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      resultOfWhole = weft.run(uninterrupted, "whole", order).result();
    }
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      weft.run(first, "split", order, RunOptions.defaults().withMaxSteps(2));
    }
    RunInfo resumed;
    try (Weft weft = Weft.open(Fixture.url(dir))) {
      weft.register(second);
      resumed = weft.resume("split");
    }
    List<Basket> seen = new ArrayList<>(first.seen);
    seen.addAll(second.seen);
    assertEquals(uninterrupted.seen, seen);
    assertEquals(resultOfWhole, resumed.result());
  }
}
