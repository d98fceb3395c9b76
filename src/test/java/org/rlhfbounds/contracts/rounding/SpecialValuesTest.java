package org.rlhfbounds.contracts.rounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The documented behaviour of {@link Up} and {@link Down} at NaN, the infinities, overflow,
 * underflow, domain errors and the trivial exact points, and of the range-qualified convenience
 * methods.
 */
class SpecialValuesTest {

  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double MAX = Double.MAX_VALUE;
  private static final double MIN = Double.MIN_VALUE;
  private static final double NAN = Double.NaN;

  private static void assertIae(Executable call, String op) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(op + ":"), () -> "message names " + op + ": " + e);
  }

  @Test
  void nanArgumentsThrowNamingTheOperationAndValue() {
    DoubleBinaryOperator[] up = {Up::add, Up::sub, Up::mul, Up::div, Up::pow};
    DoubleBinaryOperator[] down = {Down::add, Down::sub, Down::mul, Down::div, Down::pow};
    String[] names = {"add", "sub", "mul", "div", "pow"};
    for (int i = 0; i < up.length; i++) {
      DoubleBinaryOperator u = up[i];
      DoubleBinaryOperator d = down[i];
      for (double[] args : new double[][] {{NAN, 2.0}, {2.0, NAN}}) {
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> u.applyAsDouble(args[0], args[1]));
        assertTrue(e.getMessage().startsWith("Up." + names[i] + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.applyAsDouble(args[0], args[1]));
        assertTrue(e.getMessage().startsWith("Down." + names[i] + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
      }
    }
    DoubleUnaryOperator[] up1 = {Up::sqrt, Up::exp, Up::log, Up::log1p};
    DoubleUnaryOperator[] down1 = {Down::sqrt, Down::exp, Down::log, Down::log1p};
    String[] names1 = {"sqrt", "exp", "log", "log1p"};
    for (int i = 0; i < up1.length; i++) {
      DoubleUnaryOperator u = up1[i];
      DoubleUnaryOperator d = down1[i];
      assertIae(() -> u.applyAsDouble(NAN), "Up." + names1[i]);
      assertIae(() -> d.applyAsDouble(NAN), "Down." + names1[i]);
    }
  }

  @Test
  void infinitiesGiveTheirExactExtendedRealValue() {
    assertEquals(INF, Up.add(INF, -MAX));
    assertEquals(INF, Down.add(INF, -MAX));
    assertEquals(-INF, Up.sub(-INF, 1.0));
    assertEquals(-INF, Down.mul(-INF, 2.0));
    assertEquals(-INF, Up.mul(INF, -0.5));
    assertEquals(0.0, Up.div(1.0, INF), 0.0);
    assertEquals(0.0, Down.div(-1.0, INF), 0.0);
    assertEquals(INF, Down.div(INF, 3.0));
    assertEquals(INF, Up.sqrt(INF));
    assertEquals(INF, Down.sqrt(INF));
    assertEquals(INF, Down.exp(INF));
    assertEquals(0.0, Up.exp(-INF), 0.0);
    assertEquals(INF, Down.log(INF));
    assertEquals(INF, Down.log1p(INF));
    assertEquals(INF, Down.pow(INF, 0.5));
    assertEquals(0.0, Up.pow(INF, -0.5), 0.0);
    assertEquals(INF, Down.pow(2.0, INF));
    assertEquals(0.0, Up.pow(0.5, INF), 0.0);
    assertEquals(0.0, Up.pow(2.0, -INF), 0.0);
  }

  @Test
  void undefinedAndOutOfDomainArgumentsThrow() {
    assertIae(() -> Up.add(INF, -INF), "Up.add");
    assertIae(() -> Down.sub(INF, INF), "Down.sub");
    assertIae(() -> Up.mul(0.0, INF), "Up.mul");
    assertIae(() -> Down.mul(-INF, 0.0), "Down.mul");
    assertIae(() -> Up.div(INF, -INF), "Up.div");
    assertIae(() -> Up.sqrt(-1e-300), "Up.sqrt");
    assertIae(() -> Down.sqrt(-INF), "Down.sqrt");
    assertIae(() -> Up.log(-1.0), "Up.log");
    assertIae(() -> Down.log1p(-1.5), "Down.log1p");
    assertIae(() -> Up.pow(0.0, 2.0), "Up.pow");
    assertIae(() -> Down.pow(-2.0, 2.0), "Down.pow");
    assertIae(() -> Up.pow(1.0, INF), "Up.pow");
    assertIae(() -> Down.pow(1.0, -INF), "Down.pow");
    assertThrows(ArithmeticException.class, () -> Up.div(1.0, 0.0));
    assertThrows(ArithmeticException.class, () -> Down.div(1.0, -0.0));
    assertThrows(ArithmeticException.class, () -> Up.div(0.0, 0.0));
    assertThrows(ArithmeticException.class, () -> Down.div(INF, 0.0));
  }

  @Test
  void overflowOfFiniteArguments() {
    assertEquals(INF, Up.add(MAX, MAX));
    assertEquals(MAX, Down.add(MAX, MAX));
    assertEquals(-MAX, Up.add(-MAX, -MAX));
    assertEquals(-INF, Down.add(-MAX, -MAX));
    assertEquals(INF, Up.sub(MAX, -MAX));
    assertEquals(MAX, Down.mul(MAX, 2.0));
    assertEquals(-MAX, Up.mul(MAX, -2.0));
    assertEquals(-INF, Down.mul(MAX, -2.0));
    assertEquals(INF, Up.div(MAX, 0.5));
    assertEquals(MAX, Down.div(MAX, 0.5));
    assertEquals(INF, Up.mul(MAX, Math.nextUp(1.0)));
    assertEquals(MAX, Down.mul(MAX, Math.nextUp(1.0)));
    assertEquals(INF, Up.exp(710));
    assertEquals(Math.nextDown(MAX), Down.exp(710));
    assertEquals(INF, Up.pow(2.0, 1024));
    assertEquals(Math.nextDown(MAX), Down.pow(2.0, 1024));
    // MAX_VALUE itself is exact, not an overflow
    assertEquals(MAX, Up.add(MAX, 0.0));
    assertEquals(MAX, Up.mul(MAX, 1.0));
  }

  @Test
  void underflowKeepsTheBoundOnTheRightSideOfZero() {
    assertEquals(MIN, Up.mul(MIN, 0.5), 0.0);
    assertEquals(0.0, Down.mul(MIN, 0.5), 0.0);
    assertEquals(-MIN, Down.mul(MIN, -0.5), 0.0);
    assertEquals(-0.0, Up.mul(MIN, -0.5), 0.0);
    assertEquals(MIN, Up.div(MIN, 3.0), 0.0);
    assertEquals(0.0, Down.div(MIN, 3.0), 0.0);
    assertEquals(MIN, Up.mul(0x1p-600, 0x1p-600), 0.0);
    assertEquals(0.0, Down.mul(0x1p-600, 0x1p-600), 0.0);
    assertEquals(0.0, Down.exp(-800), 0.0);
    assertTrue(Up.exp(-800) > 0);
    assertEquals(0.0, Down.pow(0.5, 1075.0), 0.0);
    assertEquals(MIN, Up.pow(0.5, 1074.0), 0.0); // exact
    assertEquals(MIN, Down.pow(0.5, 1074.0), 0.0);
    assertEquals(MIN, Up.pow(0x1p-179, 6.0), 0.0); // 2^-1074, exact
    assertEquals(0.0, Down.pow(0x1p-25, 43.0), 0.0); // 2^-1075, not a double
    assertTrue(Up.pow(0x1p-25, 43.0) > 0);
  }

  @Test
  void trivialExactPoints() {
    assertEquals(1.0, Up.exp(0.0));
    assertEquals(1.0, Down.exp(-0.0));
    assertEquals(0.0, Up.log(1.0), 0.0);
    assertEquals(0.0, Down.log(1.0), 0.0);
    assertEquals(-INF, Up.log(0.0));
    assertEquals(-INF, Down.log(-0.0));
    assertEquals(0.0, Up.log1p(0.0), 0.0);
    assertEquals(-INF, Up.log1p(-1.0));
    assertEquals(1.0, Up.pow(7.3, 0.0));
    assertEquals(1.0, Down.pow(1.0, 1e300));
    assertEquals(0.0, Up.sqrt(0.0), 0.0);
    assertEquals(-0.0, Down.sqrt(-0.0), 0.0);
    assertEquals(1024.0, Down.pow(2.0, 10.0));
    assertEquals(3.0, Up.pow(9.0, 0.5));
    assertEquals(0.125, Up.pow(4.0, -1.5));
    assertEquals(0x1p-537, Down.pow(Double.MIN_VALUE, 0.5), 0.0);
    assertEquals(27.0, Down.pow(81.0, 0.75));
    assertEquals(Math.pow(3, 33), Up.pow(3.0, 33.0)); // 3^33 < 2^53
    assertTrue(Up.pow(3.0, 34.0) > Down.pow(3.0, 34.0)); // 3^34 > 2^53, odd: not a double
  }

  @Test
  void elementaryClampsAtKnownValues() {
    // tiny arguments: the bound is the exact limit value on the far side
    assertEquals(1.0, Up.exp(-1e-300));
    assertEquals(1.0, Down.exp(1e-300));
    assertEquals(1e-300, Up.log1p(1e-300)); // ln(1 + x) < x
    assertTrue(Up.log(Math.nextDown(1.0)) <= 0);
    assertTrue(Down.log(Math.nextUp(1.0)) >= 0);
    assertTrue(Up.pow(0.5, 1e-300) <= 1.0);
    assertTrue(Down.pow(2.0, 1e-300) >= 1.0);
  }

  @Test
  void convenienceMethodsMatchTheGeneralOnes() {
    qt().withExamples(ArithmeticRoundingTest.EXAMPLES)
        .forAll(Gens.wideNonNegative(), Gens.wideNonNegative())
        .checkAssert(
            (a, b) -> {
              double bp = b == 0 ? 1.0 : b;
              double ap = a == 0 ? 1.0 : a;
              same(Up.add(a, b), () -> Up.addNonNegative(a, b));
              same(Down.add(a, b), () -> Down.addNonNegative(a, b));
              samePositive(Up.add(ap, b), () -> Up.addPositive(ap, b));
              samePositive(Down.add(ap, b), () -> Down.addPositive(ap, b));
              same(Up.mul(a, b), () -> Up.mulNonNegative(a, b));
              same(Down.mul(a, b), () -> Down.mulNonNegative(a, b));
              samePositive(Up.mul(ap, bp), () -> Up.mulPositive(ap, bp));
              samePositive(Down.mul(ap, bp), () -> Down.mulPositive(ap, bp));
              same(Up.div(a, bp), () -> Up.divNonNegative(a, bp));
              same(Down.div(a, bp), () -> Down.divNonNegative(a, bp));
              samePositive(Up.div(ap, bp), () -> Up.divPositive(ap, bp));
              samePositive(Down.div(ap, bp), () -> Down.divPositive(ap, bp));
              same(Up.sqrt(a), () -> Up.sqrtNonNegative(a));
              same(Down.sqrt(a), () -> Down.sqrtNonNegative(a));
              samePositive(Up.sqrt(ap), () -> Up.sqrtPositive(ap));
              samePositive(Down.sqrt(ap), () -> Down.sqrtPositive(ap));
              same(Up.log1p(a), () -> Up.log1pNonNegative(a));
              same(Down.log1p(a), () -> Down.log1pNonNegative(a));
              double ln = Math.log(ap); // a finite exponent in [-745, 710]
              samePositive(Up.exp(ln), () -> Up.expPositive(ln));
              same(Down.exp(ln), () -> Down.expNonNegative(ln));
              samePositive(Up.pow(ap, ln), () -> Up.powPositive(ap, ln));
              same(Down.pow(ap, ln), () -> Down.powNonNegative(ap, ln));
              double x = 1 + a;
              same(Up.log(x), () -> Up.logAtLeastOne(x));
              same(Down.log(x), () -> Down.logAtLeastOne(x));
            });
  }

  /**
   * A non-negative convenience method returns the general result when it is finite, and throws
   * ArithmeticException (overflow) when it is not.
   */
  private static void same(double general, DoubleSupplier convenience) {
    if (Double.isFinite(general)) {
      assertTrue(general >= 0, "general result " + general);
      assertEquals(general, convenience.getAsDouble(), 0.0);
    } else {
      assertThrows(ArithmeticException.class, convenience::getAsDouble);
    }
  }

  /**
   * A positive convenience method returns the general result when it is finite and positive, and
   * throws ArithmeticException (overflow, or underflow to zero) otherwise.
   */
  private static void samePositive(double general, DoubleSupplier convenience) {
    if (Double.isFinite(general) && general > 0) {
      assertEquals(general, convenience.getAsDouble(), 0.0);
    } else {
      assertTrue(general == 0 || general == INF, "general result " + general);
      assertThrows(ArithmeticException.class, convenience::getAsDouble);
    }
  }

  @Test
  void convenienceMethodsReportOverflowAndUnderflow() {
    assertThrows(ArithmeticException.class, () -> Up.addNonNegative(MAX, MAX));
    assertEquals(MAX, Down.addNonNegative(MAX, MAX));
    assertThrows(ArithmeticException.class, () -> Up.mulPositive(MAX, 2.0));
    assertEquals(MAX, Down.mulNonNegative(MAX, 2.0));
    assertEquals(MIN, Up.mulPositive(MIN, 0.5), 0.0);
    assertThrows(ArithmeticException.class, () -> Down.mulPositive(MIN, 0.5));
    assertThrows(ArithmeticException.class, () -> Down.divPositive(MIN, 3.0));
    assertEquals(MIN, Up.divPositive(MIN, 3.0), 0.0);
    assertThrows(ArithmeticException.class, () -> Up.expPositive(710));
    assertEquals(Math.nextDown(MAX), Down.expNonNegative(710));
    assertEquals(0.0, Down.expNonNegative(-800), 0.0);
    assertThrows(ArithmeticException.class, () -> Up.powPositive(2.0, 1024));
    assertIae(() -> Up.logAtLeastOne(0.5), "Up.logAtLeastOne");
    assertIae(() -> Down.logAtLeastOne(Math.nextDown(1.0)), "Down.logAtLeastOne");
    ArithmeticException e =
        assertThrows(ArithmeticException.class, () -> Up.mulNonNegative(MAX, 4.0));
    assertTrue(e.getMessage().startsWith("Up.mulNonNegative:"), e.getMessage());
  }
}
