package org.rlhfbounds.bounds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The JSON form of a {@link BoundResult} (an entry of the {@code bound} output's {@code results}).
 *
 * <p>Thread-safe: stateless.
 */
final class BoundResultJson {
  private BoundResultJson() {}

  /**
   * The result as an ordered map for JSON output: {@code id, part, key, title, quantity, qualifier,
   * kind} (the theorem's {@link BoundTheorem.Kind#label()}){@code , applicable, tightest} ({@link
   * BoundResult#tightest()}){@code , value} (only when applicable){@code , measured,
   * measuredError} (only when positive){@code , ratio, assumptions, constants, cost} (only when
   * not empty){@code , notes} (only when not empty).
   *
   * @param r the result
   * @return a new map
   */
  static Map<String, @Nullable Object> toMap(BoundResult r) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("part", r.part());
    m.put("key", r.key());
    m.put("title", r.title());
    m.put("quantity", r.quantity());
    m.put("qualifier", r.qualifier());
    m.put("kind", r.kind().label());
    m.put("applicable", r.applicable());
    m.put("tightest", r.tightest());
    Double value = r.value();
    if (value != null) {
      m.put("value", value);
    }
    m.put("measured", r.measured());
    Double measuredError = r.measuredError();
    if (measuredError != null && measuredError > 0) {
      m.put("measuredError", measuredError);
    }
    m.put("ratio", r.ratio());
    List<Map<String, @Nullable Object>> as = new ArrayList<>();
    for (Assumption a : r.assumptions()) {
      as.add(a.toMap());
    }
    m.put("assumptions", as);
    m.put("constants", new LinkedHashMap<>(r.constants()));
    if (!r.cost().isEmpty()) {
      m.put("cost", new LinkedHashMap<>(r.cost()));
    }
    if (!r.notes().isEmpty()) {
      m.put("notes", new ArrayList<>(r.notes()));
    }
    return m;
  }
}
