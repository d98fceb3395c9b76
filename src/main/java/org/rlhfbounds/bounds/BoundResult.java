package org.rlhfbounds.bounds;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.rounding.Down;

/**
 * The outcome of one theorem on one instance: what is bounded, with which probability qualifier,
 * whether the theorem applies, its value (only when it applies: a theorem whose assumption fails
 * has no number, and its failed assumptions say why), the measured quantity it is compared with
 * and the ratio bound / measured, the assumptions with their margins, the constants in the order
 * they are computed, and the compute cost where relevant.
 *
 * <p>A theorem may bound several quantities (the generalisation gap, the optimisation error, the
 * excess risk, the stability); each is one result, told apart by {@link #part()} and keyed by
 * {@link #key()} ({@code id} for the gap, {@code id#part} otherwise).
 *
 * <p>Thread-safe: immutable.
 */
public final class BoundResult {
  /** The part name of a theorem's main quantity. */
  public static final String MAIN = "gap";

  /** Qualifier of the Hoeffding-based gap bounds. */
  public static final String PROB_S = "prob >= 1 - delta over S";

  /** Qualifier of deterministic statements. */
  public static final String DETERMINISTIC = "deterministic";

  /** Qualifier of the SGA gap bounds. */
  public static final String PROB_S_EXP_ORDER =
      "prob >= 1 - delta over S, in expectation over the order";

  /** Qualifier of the SGA optimisation bounds. */
  public static final String EXP_ORDER = "in expectation over the order (deterministic in S)";

  /** The generalisation gap, as a quantity's name. */
  static final String GAP = "|gen_S(w)| = |F(w) - F_S(w)|";

  /** The optimisation error, as a quantity's name. */
  static final String OPT = "optimisation error F_S(w*) - F_S(w)";

  /** The excess risk, as a quantity's name. */
  static final String EXCESS = "excess risk F(w*) - F(w)";

  private final String id;
  private final String part;
  private final String title;
  private final String quantity;
  private final String qualifier;
  private final @Nullable Double value;
  private final @Nullable Double measured;
  private final @Nullable Double measuredError;
  private final List<Assumption> assumptions;
  private final Map<String, Double> constants;
  private final Map<String, Long> cost;
  private final List<String> notes;
  private final boolean tightest;

  private BoundResult(
      String id,
      String part,
      String title,
      String quantity,
      String qualifier,
      @Nullable Double value,
      @Nullable Double measured,
      @Nullable Double measuredError,
      List<Assumption> assumptions,
      Map<String, Double> constants,
      Map<String, Long> cost,
      List<String> notes,
      boolean tightest) {
    this.id = id;
    this.part = part;
    this.title = title;
    this.quantity = quantity;
    this.qualifier = qualifier;
    this.value = value;
    this.measured = measured;
    this.measuredError = measuredError;
    this.assumptions = assumptions;
    this.constants = constants;
    this.cost = cost;
    this.notes = notes;
    this.tightest = tightest;
  }

  /**
   * Starts a result.
   *
   * @param id theorem id (e.g. {@code T-GA-SHARP})
   * @param part the quantity's part name ({@link #MAIN} for the generalisation gap)
   * @param title the theorem's title
   * @param quantity the quantity bounded, in words and symbols
   * @param qualifier the probability qualifier ("deterministic", "prob >= 1 - delta over S", ...)
   * @return a builder
   */
  public static Builder builder(
      String id, String part, String title, String quantity, String qualifier) {
    return new Builder(id, part, title, quantity, qualifier);
  }

  /** Accumulates assumptions, constants and cost; {@link #finish} decides applicability. */
  public static final class Builder {
    private final String id;
    private final String part;
    private final String title;
    private final String quantity;
    private final String qualifier;
    private final List<Assumption> assumptions = new ArrayList<>();
    private final Map<String, Double> constants = new LinkedHashMap<>();
    private final Map<String, Long> cost = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private Builder(String id, String part, String title, String quantity, String qualifier) {
      this.id = Objects.requireNonNull(id, "id");
      this.part = Objects.requireNonNull(part, "part");
      this.title = Objects.requireNonNull(title, "title");
      this.quantity = Objects.requireNonNull(quantity, "quantity");
      this.qualifier = Objects.requireNonNull(qualifier, "qualifier");
    }

    /**
     * Adds an assumption.
     *
     * @param a the assumption
     * @return this
     */
    public Builder assume(Assumption a) {
      assumptions.add(a);
      return this;
    }

    /**
     * Records a constant (in order); a null value is skipped.
     *
     * @param name its name
     * @param v its value
     * @return this
     */
    public Builder constant(String name, @Nullable Double v) {
      if (v != null) {
        constants.put(name, v);
      }
      return this;
    }

    /**
     * Records a compute cost (per-prompt gradient evaluations).
     *
     * @param name its name
     * @param v the count
     * @return this
     */
    public Builder cost(String name, long v) {
      cost.put(name, v);
      return this;
    }

    /**
     * Adds a note.
     *
     * @param note the note
     * @return this
     */
    public Builder note(String note) {
      notes.add(note);
      return this;
    }

    /**
     * Returns whether every assumption so far holds.
     *
     * @return true when all hold
     */
    public boolean allHold() {
      for (Assumption a : assumptions) {
        if (!a.holds()) {
          return false;
        }
      }
      return true;
    }

    /**
     * Finishes the result: applicable with {@code value} when every assumption holds and the value
     * is a finite number >= 0 (every bounded quantity is non-negative); otherwise not applicable and
     * without a value (a non-finite or negative value adds a failed assumption {@code
     * representable}).
     *
     * @param v the bound's value, or null when it could not be computed
     * @return the result
     */
    public BoundResult finish(@Nullable Double v) {
      @Nullable Double out = v;
      if (allHold()) {
        if (out == null || !Double.isFinite(out)) {
          assumptions.add(
              Assumption.of(
                  "representable",
                  "the bound is a finite double",
                  false,
                  null,
                  "value " + out + " (overflow or a vanishing denominator)"));
          out = null;
        } else if (out < 0) {
          // every bounded quantity (a gap's absolute value, an optimisation error, an excess risk,
          // a stability distance) is >= 0: a negative value can only come from a broken formula
          assumptions.add(
              Assumption.of(
                  "representable",
                  "the bound is a finite double >= 0 (it bounds a non-negative quantity)",
                  false,
                  null,
                  "value " + out + " is negative"));
          out = null;
        }
      } else {
        out = null;
      }
      return new BoundResult(
          id,
          part,
          title,
          quantity,
          qualifier,
          out,
          null,
          null,
          List.copyOf(assumptions),
          Collections.unmodifiableMap(new LinkedHashMap<>(constants)),
          Collections.unmodifiableMap(new LinkedHashMap<>(cost)),
          List.copyOf(notes),
          false);
    }
  }

  /**
   * Returns this result with the measured quantity filled in, known exactly (ratio = value /
   * measured when both exist and the measured value is positive).
   *
   * @param m the measured quantity, or null
   * @return a new result
   * @throws IllegalArgumentException if m is not finite
   */
  public BoundResult withMeasured(@Nullable Double m) {
    return withMeasured(m, m == null ? null : 0.0);
  }

  /**
   * Returns this result with the measured quantity given by an enclosure of its exact value
   * (proofs/MEASURE.md): {@code measured} is the midpoint, {@code measuredError} the radius.
   *
   * An enclosure with an infinite end (a measurement that left the double range at extreme
   * scales) counts as nothing measured.
   *
   * @param e the enclosure, or null when nothing was measured
   * @return a new result
   */
  public BoundResult withMeasured(@Nullable Enclosure e) {
    return e == null || !(Double.isFinite(e.lo()) && Double.isFinite(e.hi()))
        ? withMeasured((Double) null)
        : withMeasured(e.mid(), e.radius());
  }

  private BoundResult withMeasured(@Nullable Double m, @Nullable Double err) {
    if (m != null && !Double.isFinite(m)) {
      throw new IllegalArgumentException("measured value of " + key() + " must be finite, got " + m);
    }
    if (err != null && !(err >= 0 && Double.isFinite(err))) {
      throw new IllegalArgumentException(
          "measured error of " + key() + " must be finite and >= 0, got " + err);
    }
    return new BoundResult(
        id, part, title, quantity, qualifier, value, m, err, assumptions, constants, cost, notes,
        tightest);
  }

  /**
   * Returns this result marked (or not) as the tightest applicable bound on its quantity among the
   * results it was reported with ({@link #markTightest}).
   *
   * @param t whether it is the tightest
   * @return a new result
   */
  BoundResult withTightest(boolean t) {
    return new BoundResult(
        id, part, title, quantity, qualifier, value, measured, measuredError, assumptions,
        constants, cost, notes, t);
  }

  /**
   * Marks, among results reported together, the tightest applicable bound on each quantity: two
   * results bound the same quantity when they have the same {@link #part()} and are compared with
   * the same measured value (the gap, the optimisation error, the excess risk, ... of the run's
   * selected iterate; a result about another point, such as the GA limit, or about an expectation
   * over S, is compared with another measurement). In each such group every applicable result whose
   * value equals the group's least value is marked {@code tightest} (ties are all marked); the
   * others, and results without a value or without a measured quantity, are not.
   *
   * @param results the results, in report order
   * @return new results in the same order
   */
  static List<BoundResult> markTightest(List<BoundResult> results) {
    Map<String, Double> least = new LinkedHashMap<>();
    for (BoundResult r : results) {
      Double v = r.value;
      String g = r.quantityGroup();
      if (v != null && g != null) {
        least.merge(g, v, Math::min);
      }
    }
    List<BoundResult> out = new ArrayList<>(results.size());
    for (BoundResult r : results) {
      Double v = r.value;
      String g = r.quantityGroup();
      Double min = g == null ? null : least.get(g);
      out.add(r.withTightest(v != null && min != null && v.doubleValue() == min.doubleValue()));
    }
    return out;
  }

  /** The part and the measured value, or null when nothing was measured. */
  private @Nullable String quantityGroup() {
    Double m = measured;
    return m == null ? null : part + " " + Double.doubleToLongBits(m);
  }

  /**
   * Returns the kind of the theorem that produced this result ({@link BoundTheorem#kind()}).
   *
   * @return the kind
   * @throws IllegalStateException if the id is not registered in {@link TheoremRegistry}
   */
  public BoundTheorem.Kind kind() {
    return TheoremRegistry.kindOf(id);
  }

  /**
   * Returns whether this is the tightest applicable bound on its quantity among the results it
   * was reported with ({@link Bounds#evaluate} marks them).
   *
   * @return true for the tightest
   */
  public boolean tightest() {
    return tightest;
  }

  /**
   * Returns an upper bound of the floating-point error of {@link #measured()} (0 when it is exact,
   * null when nothing was measured).
   *
   * @return the error
   */
  public @Nullable Double measuredError() {
    return measuredError;
  }

  /**
   * Returns whether the bound is certainly below its measured quantity: the value is below {@code
   * measured - measuredError}. A deterministic bound for which this is true is wrong.
   *
   * @return true when value < measured - error
   */
  public boolean belowMeasured() {
    Double v = value;
    Double m = measured;
    if (v == null || m == null) {
      return false;
    }
    double err = measuredError == null ? 0 : measuredError;
    return v < Down.sub(m, err);
  }

  /**
   * Returns the theorem id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the part name ({@link #MAIN}, {@code opt}, {@code excess}, {@code stability}, ...).
   *
   * @return the part
   */
  public String part() {
    return part;
  }

  /**
   * Returns the key: the id for the main part, {@code id#part} otherwise.
   *
   * @return the key
   */
  public String key() {
    return MAIN.equals(part) ? id : id + "#" + part;
  }

  /**
   * Returns the title.
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * Returns the quantity bounded.
   *
   * @return the quantity
   */
  public String quantity() {
    return quantity;
  }

  /**
   * Returns the probability qualifier.
   *
   * @return the qualifier
   */
  public String qualifier() {
    return qualifier;
  }

  /**
   * Returns whether the theorem applies (every assumption holds and the value is finite).
   *
   * @return applicability
   */
  public boolean applicable() {
    return value != null;
  }

  /**
   * Returns the bound's value, or null when not applicable.
   *
   * @return the value
   */
  public @Nullable Double value() {
    return value;
  }

  /**
   * Returns the bound's value.
   *
   * @return the value
   * @throws IllegalStateException naming the failed assumptions when not applicable
   */
  public double requireValue() {
    Double v = value;
    if (v == null) {
      throw new IllegalStateException(key() + " is not applicable: " + failedAssumptions());
    }
    return v;
  }

  /**
   * Returns the measured quantity, or null.
   *
   * @return measured
   */
  public @Nullable Double measured() {
    return measured;
  }

  /**
   * Returns value / measured, or null when either is missing or measured is not positive.
   *
   * @return the ratio
   */
  public @Nullable Double ratio() {
    Double v = value;
    Double m = measured;
    if (v == null || m == null || !(m > 0)) {
      return null;
    }
    return v / m;
  }

  /**
   * Returns the assumptions.
   *
   * @return an unmodifiable list
   */
  public List<Assumption> assumptions() {
    return assumptions;
  }

  /**
   * Returns the assumptions that fail.
   *
   * @return a new list
   */
  public List<Assumption> failedAssumptions() {
    List<Assumption> out = new ArrayList<>();
    for (Assumption a : assumptions) {
      if (!a.holds()) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * Returns the constants in the order they were computed.
   *
   * @return an unmodifiable ordered map
   */
  public Map<String, Double> constants() {
    return constants;
  }

  /**
   * Returns a constant.
   *
   * @param name its name
   * @return its value
   * @throws IllegalArgumentException if absent
   */
  public double constant(String name) {
    Double v = constants.get(name);
    if (v == null) {
      throw new IllegalArgumentException(key() + " has no constant " + name + ": " + constants);
    }
    return v;
  }

  /**
   * Returns the compute cost (per-prompt gradient evaluations), possibly empty.
   *
   * @return an unmodifiable ordered map
   */
  public Map<String, Long> cost() {
    return cost;
  }

  /**
   * Returns the notes (rates, remarks).
   *
   * @return an unmodifiable list
   */
  public List<String> notes() {
    return notes;
  }

  /**
   * The result as an ordered map for JSON output: {@code id, part, key, title, quantity, qualifier,
   * kind} (the theorem's {@link BoundTheorem.Kind#label()}){@code , applicable, tightest} ({@link
   * #tightest()}){@code , value} (only when applicable){@code , measured, ratio, assumptions, constants,
   * cost, notes}.
   *
   * @return a new map
   */
  public Map<String, @Nullable Object> toMap() {
    return BoundResultJson.toMap(this);
  }

  @Override
  public String toString() {
    return key()
        + (applicable() ? " = " + value : " not applicable " + failedAssumptions())
        + (measured == null ? "" : " (measured " + measured + ", ratio " + ratio() + ")");
  }
}
