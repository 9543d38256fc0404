package io.octopod.bridge.experiment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterTableTest {

  @Test
  void countsArePerMinuteOfWindowWithTheSpreadOverRuns() {
    String table =
        CounterTable.markdown(
            List.of(
                new CounterTable.RunCounters("star", 30, Map.of("resent", 10L)),
                new CounterTable.RunCounters("star", 30, Map.of("resent", 30L)),
                new CounterTable.RunCounters("star", 60, Map.of("resent", 40L)),
                new CounterTable.RunCounters("cascade", 30, Map.of("resent", 0L))));
    assertTrue(table.startsWith("| Bridge counter (/min) | star | cascade |"), table);
    assertTrue(table.contains("| resent | 40 (20–60) | 0 (0–0) |"), table);
  }
}
