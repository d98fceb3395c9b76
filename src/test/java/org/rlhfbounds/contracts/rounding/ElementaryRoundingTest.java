package org.rlhfbounds.contracts.rounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.rlhfbounds.contracts.rounding.BigRef.Enclosure;
import org.rlhfbounds.contracts.rounding.Gens.Args;

/**
 * Properties of {@code exp, log, log1p, pow} of {@link Up} and {@link Down} against the
 * high-precision {@link BigRef} references: the {@code Up} result is {@code >=} the exact value,
 * the {@code Down} result {@code <=}; tightness: {@code Up - Down} is at most 4 ulps and each
 * result is at most 3 ulps from the exact value (that is, three steps back toward it cross it);
 * and, for {@code pow}, exact powers are returned unchanged by both while inexact ones never
 * collapse.
 *
 * <p>A result inside the enclosure (relative radius {@code 1e-60} or finer) is resolved exactly
 * where the exact value can be a double ({@code pow} with a small rational exponent, {@link
 * BigRef#powEquals}); anywhere else it fails as undecidable, which does not happen for these
 * arguments.
 */
class ElementaryRoundingTest {

  static final int EXAMPLES = ArithmeticRoundingTest.EXAMPLES;

  /** A reference enclosure of the exact value at {@code (a, b)}. */
  @FunctionalInterface
  interface Reference {
    Enclosure of(double a, double b);
  }

  /** Whether {@code v} equals the exact value at {@code (a, b)}: TRUE, FALSE or unknown (null). */
  @FunctionalInterface
  interface Equality {
    Boolean test(double v, double a, double b);
  }

  /** For functions whose value at these arguments is never a double (Lindemann-Weierstrass). */
  static Boolean irrational(double v, double a, double b) {
    return Boolean.FALSE;
  }

  static Boolean powEquals(double v, double x, double y) {
    return BigRef.powEquals(v, x, y);
  }

  // ---------------------------------------------------------------------------------------------
  // decisions

  /** {@code v >= exact}, failing the test when the enclosure and exact equality cannot say. */
  static boolean atLeast(double v, Enclosure e, Equality eq, Args p) {
    Boolean r = e.isAtLeast(v);
    if (r == null) {
      if (Boolean.TRUE.equals(eq.test(v, p.a(), p.b()))) {
        return true;
      }
      fail("undecidable: " + v + " lies in the enclosure " + e + " at " + p);
    }
    return r;
  }

  /** {@code v <= exact}, failing the test when undecidable. */
  static boolean atMost(double v, Enclosure e, Equality eq, Args p) {
    Boolean r = e.isAtMost(v);
    if (r == null) {
      if (Boolean.TRUE.equals(eq.test(v, p.a(), p.b()))) {
        return true;
      }
      fail("undecidable: " + v + " lies in the enclosure " + e + " at " + p);
    }
    return r;
  }

  // ---------------------------------------------------------------------------------------------
  // the properties, for any function

  static void upperBound(Gen<Args> gen, DoubleBinaryOperator up, Reference ref, Equality eq) {
    qt().withExamples(EXAMPLES)
        .forAll(gen)
        .checkAssert(
            p -> {
              double u = up.applyAsDouble(p.a(), p.b());
              Enclosure e = ref.of(p.a(), p.b());
              assertTrue(
                  atLeast(u, e, eq, p),
                  () -> "Up result " + u + " is below the exact value " + e + " at " + p);
            });
  }

  static void lowerBound(Gen<Args> gen, DoubleBinaryOperator down, Reference ref, Equality eq) {
    qt().withExamples(EXAMPLES)
        .forAll(gen)
        .checkAssert(
            p -> {
              double d = down.applyAsDouble(p.a(), p.b());
              Enclosure e = ref.of(p.a(), p.b());
              assertTrue(
                  atMost(d, e, eq, p),
                  () -> "Down result " + d + " is above the exact value " + e + " at " + p);
            });
  }

  /**
   * {@code Up - Down <= 4} ulps, and three steps from either result back toward the exact value
   * cross it.
   */
  static void tight(
      Gen<Args> gen,
      DoubleBinaryOperator up,
      DoubleBinaryOperator down,
      Reference ref,
      Equality eq) {
    qt().withExamples(EXAMPLES)
        .forAll(gen)
        .checkAssert(
            p -> {
              double u = up.applyAsDouble(p.a(), p.b());
              double d = down.applyAsDouble(p.a(), p.b());
              long spread = BigRef.ordinal(u) - BigRef.ordinal(d);
              assertTrue(
                  spread >= 0 && spread <= 4,
                  () -> "Up " + u + " and Down " + d + " are " + spread + " ulps apart at " + p);
              Enclosure e = ref.of(p.a(), p.b());
              double u3 = Math.nextDown(Math.nextDown(Math.nextDown(u)));
              assertTrue(
                  !atLeast(u3, e, eq, p),
                  () -> "Up " + u + " is more than 3 ulps above the exact value " + e + " at " + p);
              double d3 = Math.nextUp(Math.nextUp(Math.nextUp(d)));
              assertTrue(
                  !atMost(d3, e, eq, p),
                  () ->
                      "Down " + d + " is more than 3 ulps below the exact value " + e + " at " + p);
            });
  }

  private static Gen<Args> one(Gen<Double> g) {
    return g.map(Args::one);
  }

  // ---------------------------------------------------------------------------------------------
  // exp

  @Test
  void expUpIsUpperBound() {
    upperBound(
        one(Gens.expArgs()),
        (x, y) -> Up.exp(x),
        (x, y) -> BigRef.exp(x),
        ElementaryRoundingTest::irrational);
  }

  @Test
  void expDownIsLowerBound() {
    lowerBound(
        one(Gens.expArgs()),
        (x, y) -> Down.exp(x),
        (x, y) -> BigRef.exp(x),
        ElementaryRoundingTest::irrational);
  }

  @Test
  void expIsTight() {
    tight(
        one(Gens.expArgs()),
        (x, y) -> Up.exp(x),
        (x, y) -> Down.exp(x),
        (x, y) -> BigRef.exp(x),
        ElementaryRoundingTest::irrational);
  }

  // ---------------------------------------------------------------------------------------------
  // log

  @Test
  void logUpIsUpperBound() {
    upperBound(
        one(Gens.logArgs()),
        (x, y) -> Up.log(x),
        (x, y) -> BigRef.log(x),
        ElementaryRoundingTest::irrational);
  }

  @Test
  void logDownIsLowerBound() {
    lowerBound(
        one(Gens.logArgs()),
        (x, y) -> Down.log(x),
        (x, y) -> BigRef.log(x),
        ElementaryRoundingTest::irrational);
  }

  @Test
  void logIsTight() {
    tight(
        one(Gens.logArgs()),
        (x, y) -> Up.log(x),
        (x, y) -> Down.log(x),
        (x, y) -> BigRef.log(x),
        ElementaryRoundingTest::irrational);
  }

  // ---------------------------------------------------------------------------------------------
  // log1p

  @Test
  void log1pUpIsUpperBound() {
    upperBound(
        one(Gens.log1pArgs()),
        (x, y) -> Up.log1p(x),
        (x, y) -> BigRef.log1p(x),
        ElementaryRoundingTest::irrational);
  }

  @Test
  void log1pDownIsLowerBound() {
    lowerBound(
        one(Gens.log1pArgs()),
        (x, y) -> Down.log1p(x),
        (x, y) -> BigRef.log1p(x),
        ElementaryRoundingTest::irrational);
  }

  @Test
  void log1pIsTight() {
    tight(
        one(Gens.log1pArgs()),
        (x, y) -> Up.log1p(x),
        (x, y) -> Down.log1p(x),
        (x, y) -> BigRef.log1p(x),
        ElementaryRoundingTest::irrational);
  }

  // ---------------------------------------------------------------------------------------------
  // pow

  @Test
  void powUpIsUpperBound() {
    upperBound(
        Gens.powPairs().mix(Gens.exactPowPairs(), 20),
        Up::pow,
        BigRef::pow,
        ElementaryRoundingTest::powEquals);
  }

  @Test
  void powDownIsLowerBound() {
    lowerBound(
        Gens.powPairs().mix(Gens.exactPowPairs(), 20),
        Down::pow,
        BigRef::pow,
        ElementaryRoundingTest::powEquals);
  }

  @Test
  void powIsTight() {
    tight(
        Gens.powPairs().mix(Gens.exactPowPairs(), 20),
        Up::pow,
        Down::pow,
        BigRef::pow,
        ElementaryRoundingTest::powEquals);
  }

  /**
   * Where {@code x^y} is a double both directions return it; where it is not they differ. The exact
   * double, if any, is among the five doubles nearest {@code Math.pow(x, y)} (documented within 1
   * ulp) and is recognised by exact rational arithmetic.
   */
  @Test
  void powExactResultsUnchanged() {
    AtomicInteger exactCases = new AtomicInteger();
    AtomicInteger inexactCases = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .forAll(Gens.exactPowPairs())
        .checkAssert(
            p -> {
              double x = p.a();
              double y = p.b();
              double exact = Double.NaN;
              double c = Math.nextDown(Math.nextDown(Math.pow(x, y)));
              for (int i = 0; i < 5 && Double.isNaN(exact); i++, c = Math.nextUp(c)) {
                if (Boolean.TRUE.equals(BigRef.powEquals(c, x, y))) {
                  exact = c;
                }
              }
              double u = Up.pow(x, y);
              double d = Down.pow(x, y);
              if (Double.isNaN(exact)) {
                inexactCases.incrementAndGet();
                assertNotEquals(u, d, () -> "Up and Down agree on the inexact power at " + p);
              } else {
                exactCases.incrementAndGet();
                assertEquals(exact, u, 0.0, () -> "Up changed the exact power at " + p);
                assertEquals(exact, d, 0.0, () -> "Down changed the exact power at " + p);
              }
            });
    assertTrue(exactCases.get() >= EXAMPLES * 3 / 10, "exact cases: " + exactCases.get());
    assertTrue(inexactCases.get() >= EXAMPLES / 20, "inexact cases: " + inexactCases.get());
  }
}
