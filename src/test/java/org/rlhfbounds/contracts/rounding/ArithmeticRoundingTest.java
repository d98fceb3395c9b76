package org.rlhfbounds.contracts.rounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.rlhfbounds.contracts.rounding.BigRef.bd;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.rlhfbounds.contracts.rounding.Gens.Args;

/**
 * Properties of the correctly rounded operations {@code add, sub, mul, div, sqrt} of {@link Up} and
 * {@link Down}, against exact {@link BigDecimal} arithmetic: sums and products exactly, a quotient
 * {@code a / b} through the exact product {@code v * b} compared with {@code a}, a square root
 * through the exact square {@code v * v} compared with the argument. No rounding happens on the
 * reference side, so every comparison is exact.
 *
 * <p>For each operation: the {@code Up} result is {@code >=} the exact value; the {@code Down}
 * result is {@code <=}; both are tight (no double lies strictly between the exact value and the
 * result, which together with the bound means correctly rounded); and exact results come back
 * unchanged (on generators of exact cases, with a check that those are in fact mostly exact).
 */
class ArithmeticRoundingTest {

  /**
   * Examples per property: 1000 in the default run; more with {@code -Drounding.examples=N} (for
   * instance 100000 for a sweep of a few minutes).
   */
  static final int EXAMPLES = Math.max(1000, Integer.getInteger("rounding.examples", 1000));

  /** {@code sign(v - exact)} for the exact value of an operation at {@code (a, b)}. */
  @FunctionalInterface
  interface Exact {
    int compare(double v, double a, double b);
  }

  // ---------------------------------------------------------------------------------------------
  // exact comparisons

  static int compareTo(double v, BigDecimal exact) {
    if (v == Double.POSITIVE_INFINITY) {
      return 1;
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return -1;
    }
    return bd(v).compareTo(exact);
  }

  static int sum(double v, double a, double b) {
    return compareTo(v, bd(a).add(bd(b)));
  }

  static int difference(double v, double a, double b) {
    return compareTo(v, bd(a).subtract(bd(b)));
  }

  static int product(double v, double a, double b) {
    return compareTo(v, bd(a).multiply(bd(b)));
  }

  /** {@code sign(v - a / b) = sign(v * b - a) * sign(b)}, exact. */
  static int quotient(double v, double a, double b) {
    if (Double.isInfinite(v)) {
      return v > 0 ? 1 : -1;
    }
    return bd(v).multiply(bd(b)).compareTo(bd(a)) * (b > 0 ? 1 : -1);
  }

  /** {@code sign(v - sqrt(a)) = sign(v * v - a)} for {@code v >= 0}, exact. */
  static int squareRoot(double v, double a, double ignored) {
    if (v == Double.POSITIVE_INFINITY) {
      return 1;
    }
    if (v < 0) {
      return -1;
    }
    return bd(v).multiply(bd(v)).compareTo(bd(a));
  }

  /**
   * The exact value as a double if it is one, else NaN: the round-to-nearest result is the only
   * candidate (IEEE 754 returns an exact result unchanged), checked exactly.
   */
  static double exactDouble(double rn, Exact exact, double a, double b) {
    return Double.isFinite(rn) && exact.compare(rn, a, b) == 0 ? rn : Double.NaN;
  }

  // ---------------------------------------------------------------------------------------------
  // the four properties, for any operation

  static void upperBound(Gen<Args> gen, DoubleBinaryOperator up, Exact exact) {
    qt().withExamples(EXAMPLES)
        .forAll(gen)
        .checkAssert(
            p -> {
              double u = up.applyAsDouble(p.a(), p.b());
              assertTrue(
                  exact.compare(u, p.a(), p.b()) >= 0,
                  () ->
                      "Up result "
                          + u
                          + " ("
                          + Double.toHexString(u)
                          + ") is below the exact"
                          + " value at "
                          + p);
            });
  }

  static void lowerBound(Gen<Args> gen, DoubleBinaryOperator down, Exact exact) {
    qt().withExamples(EXAMPLES)
        .forAll(gen)
        .checkAssert(
            p -> {
              double d = down.applyAsDouble(p.a(), p.b());
              assertTrue(
                  exact.compare(d, p.a(), p.b()) <= 0,
                  () ->
                      "Down result "
                          + d
                          + " ("
                          + Double.toHexString(d)
                          + ") is above the exact"
                          + " value at "
                          + p);
            });
  }

  /** No double strictly between the exact value and either result. */
  static void tight(
      Gen<Args> gen, DoubleBinaryOperator up, DoubleBinaryOperator down, Exact exact) {
    qt().withExamples(EXAMPLES)
        .forAll(gen)
        .checkAssert(
            p -> {
              double u = up.applyAsDouble(p.a(), p.b());
              double below = Math.nextDown(u);
              assertTrue(
                  below == Double.NEGATIVE_INFINITY || exact.compare(below, p.a(), p.b()) < 0,
                  () ->
                      "Up result "
                          + u
                          + " is not tight: "
                          + below
                          + " is still >= the exact"
                          + " value at "
                          + p);
              double d = down.applyAsDouble(p.a(), p.b());
              double above = Math.nextUp(d);
              assertTrue(
                  above == Double.POSITIVE_INFINITY || exact.compare(above, p.a(), p.b()) > 0,
                  () ->
                      "Down result "
                          + d
                          + " is not tight: "
                          + above
                          + " is still <= the exact"
                          + " value at "
                          + p);
            });
  }

  /** Where the exact value is a double, both directions return it; most cases must be exact. */
  static void exactUnchanged(
      Gen<Args> gen,
      DoubleBinaryOperator nearest,
      DoubleBinaryOperator up,
      DoubleBinaryOperator down,
      Exact exact) {
    AtomicInteger exactCases = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .forAll(gen)
        .checkAssert(
            p -> {
              double e = exactDouble(nearest.applyAsDouble(p.a(), p.b()), exact, p.a(), p.b());
              if (Double.isNaN(e)) {
                return;
              }
              exactCases.incrementAndGet();
              assertEquals(e, up.applyAsDouble(p.a(), p.b()), 0.0, () -> "Up changed exact " + p);
              assertEquals(
                  e, down.applyAsDouble(p.a(), p.b()), 0.0, () -> "Down changed exact " + p);
            });
    assertTrue(
        exactCases.get() >= EXAMPLES * 3 / 10,
        "the exact-case generator produced only " + exactCases.get() + " exact cases");
  }

  // ---------------------------------------------------------------------------------------------
  // add

  @Test
  void addUpIsUpperBound() {
    upperBound(Gens.sumPairs(), Up::add, ArithmeticRoundingTest::sum);
  }

  @Test
  void addDownIsLowerBound() {
    lowerBound(Gens.sumPairs(), Down::add, ArithmeticRoundingTest::sum);
  }

  @Test
  void addIsTight() {
    tight(Gens.sumPairs(), Up::add, Down::add, ArithmeticRoundingTest::sum);
  }

  @Test
  void addExactResultsUnchanged() {
    exactUnchanged(
        Gens.exactSumPairs(), (a, b) -> a + b, Up::add, Down::add, ArithmeticRoundingTest::sum);
  }

  // ---------------------------------------------------------------------------------------------
  // sub

  @Test
  void subUpIsUpperBound() {
    upperBound(Gens.sumPairs(), Up::sub, ArithmeticRoundingTest::difference);
  }

  @Test
  void subDownIsLowerBound() {
    lowerBound(Gens.sumPairs(), Down::sub, ArithmeticRoundingTest::difference);
  }

  @Test
  void subIsTight() {
    tight(Gens.sumPairs(), Up::sub, Down::sub, ArithmeticRoundingTest::difference);
  }

  @Test
  void subExactResultsUnchanged() {
    exactUnchanged(
        Gens.exactSumPairs(),
        (a, b) -> a - b,
        Up::sub,
        Down::sub,
        ArithmeticRoundingTest::difference);
  }

  // ---------------------------------------------------------------------------------------------
  // mul

  @Test
  void mulUpIsUpperBound() {
    upperBound(Gens.productPairs(), Up::mul, ArithmeticRoundingTest::product);
  }

  @Test
  void mulDownIsLowerBound() {
    lowerBound(Gens.productPairs(), Down::mul, ArithmeticRoundingTest::product);
  }

  @Test
  void mulIsTight() {
    tight(Gens.productPairs(), Up::mul, Down::mul, ArithmeticRoundingTest::product);
  }

  @Test
  void mulExactResultsUnchanged() {
    exactUnchanged(
        Gens.exactProductPairs(),
        (a, b) -> a * b,
        Up::mul,
        Down::mul,
        ArithmeticRoundingTest::product);
  }

  // ---------------------------------------------------------------------------------------------
  // div

  @Test
  void divUpIsUpperBound() {
    upperBound(Gens.quotientPairs(), Up::div, ArithmeticRoundingTest::quotient);
  }

  @Test
  void divDownIsLowerBound() {
    lowerBound(Gens.quotientPairs(), Down::div, ArithmeticRoundingTest::quotient);
  }

  @Test
  void divIsTight() {
    tight(Gens.quotientPairs(), Up::div, Down::div, ArithmeticRoundingTest::quotient);
  }

  @Test
  void divExactResultsUnchanged() {
    exactUnchanged(
        Gens.exactQuotientPairs(),
        (a, b) -> a / b,
        Up::div,
        Down::div,
        ArithmeticRoundingTest::quotient);
  }

  // ---------------------------------------------------------------------------------------------
  // sqrt

  private static Gen<Args> sqrtArgs() {
    return Gens.sqrtArgs().map(Args::one);
  }

  @Test
  void sqrtUpIsUpperBound() {
    upperBound(sqrtArgs(), (a, b) -> Up.sqrt(a), ArithmeticRoundingTest::squareRoot);
  }

  @Test
  void sqrtDownIsLowerBound() {
    lowerBound(sqrtArgs(), (a, b) -> Down.sqrt(a), ArithmeticRoundingTest::squareRoot);
  }

  @Test
  void sqrtIsTight() {
    tight(
        sqrtArgs(),
        (a, b) -> Up.sqrt(a),
        (a, b) -> Down.sqrt(a),
        ArithmeticRoundingTest::squareRoot);
  }

  @Test
  void sqrtExactResultsUnchanged() {
    exactUnchanged(
        Gens.exactSqrtArgs().map(Args::one),
        (a, b) -> Math.sqrt(a),
        (a, b) -> Up.sqrt(a),
        (a, b) -> Down.sqrt(a),
        ArithmeticRoundingTest::squareRoot);
  }
}
