package org.rlhfbounds.bounds;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One assumption of a theorem, checked on an instance: its name, its statement, whether it holds,
 * and the measured margin (how far the checked quantity is from the boundary, positive when it
 * holds: e.g. {@code kappa+} for coverage, {@code 1 - eta beta diam^2 / 4} for the step size),
 * with a free-text detail.
 *
 * <p>A {@link BoundResult} is applicable only when all its assumptions hold. Thread-safe: immutable.
 */
public final class Assumption {
  private final String name;
  private final String statement;
  private final boolean holds;
  private final @Nullable Double margin;
  private final String detail;

  private Assumption(
      String name, String statement, boolean holds, @Nullable Double margin, String detail) {
    this.name = Objects.requireNonNull(name, "name");
    this.statement = Objects.requireNonNull(statement, "statement");
    this.holds = holds;
    this.margin = margin;
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /**
   * An assumption with an explicit verdict.
   *
   * @param name short name (e.g. {@code coverage})
   * @param statement the condition in one line
   * @param holds whether it holds
   * @param margin the measured margin, or null when there is no number to report
   * @param detail how it was checked
   * @return the assumption
   */
  public static Assumption of(
      String name, String statement, boolean holds, @Nullable Double margin, String detail) {
    if (margin != null && Double.isNaN(margin)) {
      throw new IllegalArgumentException("margin of " + name + " is NaN");
    }
    return new Assumption(name, statement, holds, margin, detail);
  }

  /**
   * An assumption that holds exactly when its margin is positive (or non-negative when {@code
   * inclusive}).
   *
   * @param name short name
   * @param statement the condition
   * @param margin the margin (NaN counts as failing and is reported as null)
   * @param inclusive whether a zero margin holds
   * @param detail how it was checked
   * @return the assumption
   */
  public static Assumption byMargin(
      String name, String statement, double margin, boolean inclusive, String detail) {
    boolean ok = inclusive ? margin >= 0 : margin > 0;
    return new Assumption(name, statement, ok, Double.isNaN(margin) ? null : margin, detail);
  }

  /**
   * Returns the name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the statement.
   *
   * @return the statement
   */
  public String statement() {
    return statement;
  }

  /**
   * Returns whether the assumption holds.
   *
   * @return the verdict
   */
  public boolean holds() {
    return holds;
  }

  /**
   * Returns the measured margin, or null.
   *
   * @return the margin
   */
  public @Nullable Double margin() {
    return margin;
  }

  /**
   * Returns the detail.
   *
   * @return the detail
   */
  public String detail() {
    return detail;
  }

  /**
   * The assumption as an ordered map for JSON output: {@code name, statement, holds, margin,
   * detail}.
   *
   * @return a new map
   */
  public Map<String, @Nullable Object> toMap() {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("statement", statement);
    m.put("holds", holds);
    m.put("margin", margin);
    m.put("detail", detail);
    return m;
  }

  @Override
  public String toString() {
    return name + (holds ? " holds" : " FAILS") + (margin == null ? "" : " (margin " + margin + ")")
        + ": " + statement + (detail.isEmpty() ? "" : " [" + detail + "]");
  }
}
