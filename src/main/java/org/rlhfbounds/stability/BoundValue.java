package org.rlhfbounds.stability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.NonNegativeReal;

/**
 * A bound that is either applicable, with its value (an upper bound computed with upward
 * rounding), or not applicable, with the assumption that failed. Never a number when an assumption
 * fails.
 *
 * <p>Thread-safe: immutable.
 */
public final class BoundValue {
  /** The value when applicable (finite, {@code >= 0}); NaN marks a bound that does not apply. */
  private final double value;

  private final String note;

  private BoundValue(double value, String note) {
    this.value = value;
    this.note = Objects.requireNonNull(note, "note");
  }

  /**
   * An applicable bound.
   *
   * @param value the value, checked finite and {@code >= 0}
   * @param formula what was evaluated
   * @return the bound
   * @throws IllegalArgumentException if the value is NaN, infinite or negative
   */
  public static BoundValue of(double value, String formula) {
    return new BoundValue(Reals.nonNegative(value, formula), formula);
  }

  /**
   * A bound whose assumption failed.
   *
   * @param failedAssumption the failed assumption, with the offending values
   * @return the bound
   */
  public static BoundValue notApplicable(String failedAssumption) {
    return new BoundValue(Double.NaN, failedAssumption);
  }

  /**
   * Returns whether the bound applies.
   *
   * @return the flag
   */
  public boolean applicable() {
    return !Double.isNaN(value);
  }

  /**
   * Returns the value.
   *
   * @return the bound
   * @throws IllegalStateException if not applicable
   */
  public @NonNegativeReal double value() {
    if (!applicable()) {
      throw new IllegalStateException("bound not applicable: " + note);
    }
    return Reals.nonNegative(value, note);
  }

  /**
   * Returns the formula (applicable) or the failed assumption (not applicable).
   *
   * @return the note
   */
  public String note() {
    return note;
  }

  /**
   * The larger of two bounds; not applicable if either is not.
   *
   * @param other the other bound
   * @return the maximum
   */
  public BoundValue max(BoundValue other) {
    if (!applicable()) {
      return this;
    }
    if (!other.applicable()) {
      return other;
    }
    return value >= other.value ? this : other;
  }

  /**
   * As a map: {@code applicable}, then {@code value} and {@code formula}, or {@code
   * failedAssumption}.
   *
   * @return the map
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("applicable", applicable());
    if (applicable()) {
      m.put("value", value);
      m.put("formula", note);
    } else {
      m.put("failedAssumption", note);
    }
    return m;
  }
}
