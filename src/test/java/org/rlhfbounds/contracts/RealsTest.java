package org.rlhfbounds.contracts;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Run-time behaviour of {@link Reals}, the one trusted door into the range-qualified types: the
 * checked factories accept exactly their range (NaN and the infinities never) and name the
 * quantity and the value when they refuse; the operations return the IEEE result or throw {@link
 * ArithmeticException} when it leaves the range (overflow; underflow of a positive product).
 *
 * <p>Properties run with QuickTheories: {@value #EXAMPLES} examples requested, and each property
 * counts the examples it actually saw (QuickTheories skips values it has already tried) and
 * asserts at least {@value #MIN_EXAMPLES}. Every property also counts both of its outcomes
 * (accepted / refused, result / exception) and asserts that the generators reached each of them,
 * so a generator that never produces an overflow cannot make a property pass vacuously.
 */
class RealsTest {

  private static final int EXAMPLES = 2000;

  private static final int MIN_EXAMPLES = 1000;

  private static final String WHAT = "step size eta";

  /** Bit pattern of {@link Double#MAX_VALUE}: the patterns 0 .. MAX_BITS are the finite {@code >= +0}. */
  private static final long MAX_BITS = Double.doubleToRawLongBits(Double.MAX_VALUE);

  private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

  // ---------------------------------------------------------------------------------------------
  // The ranges, written independently of Reals (no Double.isFinite, no negated comparisons).

  private static boolean isFinite(double x) {
    return Math.abs(x) <= Double.MAX_VALUE;
  }

  private static boolean isNonNegative(double x) {
    return x >= 0 && x <= Double.MAX_VALUE;
  }

  private static boolean isPositive(double x) {
    return x > 0 && x <= Double.MAX_VALUE;
  }

  private static boolean isProbability(double x) {
    return 0 <= x && x <= 1;
  }

  private static boolean isPositiveProbability(double x) {
    return 0 < x && x <= 1;
  }

  // ---------------------------------------------------------------------------------------------
  // Generators

  private static QuickTheory examples() {
    return qt().withExamples(EXAMPLES);
  }

  @SafeVarargs
  private static <T> Gen<T> weighted(Pair<Integer, Gen<T>>... parts) {
    return Generate.frequency(List.of(parts));
  }

  private static Gen<Double> pick(double... values) {
    List<Double> list = new ArrayList<>();
    for (double v : values) {
      list.add(v);
    }
    return Generate.pick(list);
  }

  /** Doubles whose bit patterns lie in {@code [lo, hi]}: every binade equally likely. */
  private static Gen<Double> bits(long lo, long hi) {
    return longs().between(lo, hi).map(Double::longBitsToDouble);
  }

  /** Any double: every bit pattern, the special values, NaNs of other payloads, small values. */
  private static Gen<Double> anyDouble() {
    return weighted(
        Pair.of(4, longs().all().map(Double::longBitsToDouble)),
        Pair.of(
            3,
            pick(
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                0.0,
                -0.0,
                Double.MIN_VALUE,
                -Double.MIN_VALUE,
                Double.MIN_NORMAL,
                -Double.MIN_NORMAL,
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                1.0,
                -1.0,
                Math.nextUp(1.0),
                Math.nextDown(1.0),
                0.5,
                2.0,
                Double.longBitsToDouble(0x7ff0000000000001L), // signalling-pattern NaN
                Double.longBitsToDouble(0xfff8000000000000L))), // negative quiet NaN
        Pair.of(2, doubles().between(-3, 3)));
  }

  /** Finite doubles {@code >= 0}, negative zero included, large ones often. */
  private static Gen<Double> nonNegative() {
    return weighted(
        Pair.of(4, bits(0, MAX_BITS)),
        Pair.of(
            2,
            pick(
                0.0,
                -0.0,
                Double.MIN_VALUE,
                Double.MIN_NORMAL,
                0.5,
                1.0,
                2.0,
                Math.sqrt(Double.MAX_VALUE),
                Double.MAX_VALUE / 2,
                Double.MAX_VALUE)),
        Pair.of(2, doubles().between(0, 10)),
        Pair.of(1, doubles().between(Double.MAX_VALUE / 4, Double.MAX_VALUE)));
  }

  /** Finite doubles {@code > 0}. */
  private static Gen<Double> positive() {
    return weighted(
        Pair.of(4, bits(1, MAX_BITS)),
        Pair.of(
            2,
            pick(
                Double.MIN_VALUE,
                Double.MIN_NORMAL,
                0.5,
                1.0,
                2.0,
                Math.sqrt(Double.MAX_VALUE),
                Double.MAX_VALUE / 2,
                Double.MAX_VALUE)),
        Pair.of(2, doubles().between(Double.MIN_NORMAL, 10)),
        Pair.of(1, doubles().between(Double.MAX_VALUE / 4, Double.MAX_VALUE)));
  }

  /** Finite doubles of either sign. */
  private static Gen<Double> finite() {
    return nonNegative().zip(booleans().all(), (x, negate) -> negate ? -x : x);
  }

  /** Doubles in {@code [0, 1]} (negative zero included). */
  private static Gen<Double> probability() {
    return weighted(
        Pair.of(2, bits(0, ONE_BITS)),
        Pair.of(1, pick(0.0, -0.0, Double.MIN_VALUE, 0.5, Math.nextDown(1.0), 1.0)),
        Pair.of(2, doubles().fromZeroToOne()));
  }

  /** Doubles in {@code (0, 1]}. */
  private static Gen<Double> positiveProbability() {
    return weighted(
        Pair.of(2, bits(1, ONE_BITS)),
        Pair.of(1, pick(Double.MIN_VALUE, 0.5, Math.nextDown(1.0), 1.0)),
        Pair.of(2, doubles().between(Double.MIN_NORMAL, 1)));
  }

  /** Half any double, half the given range: both outcomes of a factory occur often. */
  private static Gen<Double> around(Gen<Double> range) {
    return weighted(Pair.of(1, anyDouble()), Pair.of(1, range));
  }

  // ---------------------------------------------------------------------------------------------
  // Checked factories

  @FunctionalInterface
  private interface Factory {
    double check(double x, String what);
  }

  @FunctionalInterface
  private interface ArrayFactory {
    double[] check(double[] x, String what);
  }

  /**
   * For every generated x: in range, the factory returns x itself (same bits: -0.0 stays -0.0);
   * out of range, it throws IllegalArgumentException naming the quantity and the value.
   */
  private static void assertAcceptsExactly(
      Factory factory, DoublePredicate inRange, Gen<Double> range) {
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    examples()
        .forAll(around(range))
        .checkAssert(
            x -> {
              if (inRange.test(x)) {
                assertEquals(x, factory.check(x, WHAT), "returns its argument");
                accepted.incrementAndGet();
              } else {
                IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> factory.check(x, WHAT));
                assertNamesQuantityAndValue(e, WHAT, x);
                refused.incrementAndGet();
              }
            });
    assertCovered(accepted, refused);
  }

  private static void assertNamesQuantityAndValue(Exception e, String what, double x) {
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains(what), () -> "message names the quantity: " + message);
    assertTrue(
        message.contains(String.valueOf(x)), () -> "message names the value " + x + ": " + message);
  }

  /** Both outcomes reached, and at least MIN_EXAMPLES examples in all. */
  private static void assertCovered(AtomicInteger first, AtomicInteger second) {
    assertTrue(first.get() > 0 && second.get() > 0, "both outcomes: " + first + " / " + second);
    int n = first.get() + second.get();
    assertTrue(n >= MIN_EXAMPLES, "examples run: " + n);
  }

  @Test
  void finiteAcceptsExactlyTheFiniteDoubles() {
    assertAcceptsExactly(Reals::finite, RealsTest::isFinite, finite());
  }

  @Test
  void nonNegativeAcceptsExactlyTheFiniteNonNegatives() {
    assertAcceptsExactly(Reals::nonNegative, RealsTest::isNonNegative, nonNegative());
  }

  @Test
  void positiveAcceptsExactlyTheFinitePositives() {
    assertAcceptsExactly(Reals::positive, RealsTest::isPositive, positive());
  }

  @Test
  void probabilityAcceptsExactlyTheUnitInterval() {
    assertAcceptsExactly(Reals::probability, RealsTest::isProbability, probability());
  }

  @Test
  void positiveProbabilityAcceptsExactlyTheHalfOpenUnitInterval() {
    assertAcceptsExactly(
        Reals::positiveProbability, RealsTest::isPositiveProbability, positiveProbability());
  }

  @Test
  void everyFactoryRefusesNanAndTheInfinities() {
    List<Factory> factories =
        List.of(
            Reals::finite,
            Reals::nonNegative,
            Reals::positive,
            Reals::probability,
            Reals::positiveProbability,
            (x, what) -> Reals.finiteArray(new double[] {x}, what)[0],
            (x, what) -> Reals.nonNegativeArray(new double[] {x}, what)[0]);
    List<Executable> checks = new ArrayList<>();
    for (Factory f : factories) {
      for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
        checks.add(
            () ->
                assertNamesQuantityAndValue(
                    assertThrows(IllegalArgumentException.class, () -> f.check(bad, WHAT)),
                    WHAT,
                    bad));
      }
    }
    assertAll(checks);
  }

  @Test
  void boundaryValuesAreAccepted() {
    assertAll(
        () -> assertEquals(0.0, Reals.nonNegative(0.0, WHAT)),
        () -> assertEquals(-0.0, Reals.nonNegative(-0.0, WHAT)),
        () -> assertEquals(Double.MAX_VALUE, Reals.nonNegative(Double.MAX_VALUE, WHAT)),
        () -> assertEquals(Double.MIN_VALUE, Reals.positive(Double.MIN_VALUE, WHAT)),
        () -> assertEquals(Double.MAX_VALUE, Reals.positive(Double.MAX_VALUE, WHAT)),
        () -> assertEquals(0.0, Reals.probability(0.0, WHAT)),
        () -> assertEquals(1.0, Reals.probability(1.0, WHAT)),
        () -> assertEquals(1.0, Reals.positiveProbability(1.0, WHAT)),
        () -> assertEquals(Double.MIN_VALUE, Reals.positiveProbability(Double.MIN_VALUE, WHAT)),
        () -> assertEquals(Double.MAX_VALUE, Reals.finite(Double.MAX_VALUE, WHAT)),
        () -> assertEquals(-Double.MAX_VALUE, Reals.finite(-Double.MAX_VALUE, WHAT)));
  }

  @Test
  void valuesJustOutsideTheRangeAreRefused() {
    assertAll(
        () -> assertRefuses(Reals::nonNegative, -Double.MIN_VALUE),
        () -> assertRefuses(Reals::positive, 0.0),
        () -> assertRefuses(Reals::positive, -0.0),
        () -> assertRefuses(Reals::probability, -Double.MIN_VALUE),
        () -> assertRefuses(Reals::probability, Math.nextUp(1.0)),
        () -> assertRefuses(Reals::positiveProbability, 0.0),
        () -> assertRefuses(Reals::positiveProbability, -0.0),
        () -> assertRefuses(Reals::positiveProbability, Math.nextUp(1.0)));
  }

  private static void assertRefuses(Factory f, double x) {
    assertNamesQuantityAndValue(
        assertThrows(IllegalArgumentException.class, () -> f.check(x, WHAT)), WHAT, x);
  }

  /**
   * For every generated array: all entries in range, the factory returns an equal copy;
   * otherwise it throws naming the first bad entry as {@code what[i]} and its value.
   */
  private static void assertArrayAcceptsExactly(
      ArrayFactory factory, DoublePredicate inRange, Gen<Double> range) {
    Gen<Double> entries = weighted(Pair.of(9, range), Pair.of(1, anyDouble()));
    Function<List<Double>, double[]> toArray =
        list -> list.stream().mapToDouble(Double::doubleValue).toArray();
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    examples()
        .forAll(lists().of(entries).ofSizeBetween(0, 8).map(toArray))
        .checkAssert(
            x -> {
              double[] copy = x.clone();
              int firstBad = -1;
              for (int i = 0; i < x.length && firstBad < 0; i++) {
                if (!inRange.test(x[i])) {
                  firstBad = i;
                }
              }
              if (firstBad < 0) {
                double[] result = factory.check(x, WHAT);
                assertNotSame(x, result, "returns a copy: the caller keeps no unqualified alias");
                assertArrayEquals(x, result, "the copy holds the same entries");
                accepted.incrementAndGet();
              } else {
                IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> factory.check(x, WHAT));
                assertNamesQuantityAndValue(e, WHAT + "[" + firstBad + "]", x[firstBad]);
                refused.incrementAndGet();
              }
              assertArrayEquals(copy, x, "the array is not modified");
            });
    assertCovered(accepted, refused);
  }

  @Test
  void finiteArrayAcceptsExactlyArraysOfFiniteDoubles() {
    assertArrayAcceptsExactly(Reals::finiteArray, RealsTest::isFinite, finite());
  }

  @Test
  void nonNegativeArrayAcceptsExactlyArraysOfFiniteNonNegatives() {
    assertArrayAcceptsExactly(Reals::nonNegativeArray, RealsTest::isNonNegative, nonNegative());
  }

  // ---------------------------------------------------------------------------------------------
  // Range-preserving operations

  @FunctionalInterface
  private interface Op {
    double apply(double a, double b);
  }

  /**
   * For every generated (a, b) in the operation's domain: if the IEEE result {@code ieee(a, b)}
   * is in the declared range (finite; and for {@code positiveResult} non-zero), the operation
   * returns exactly it (same bits) and it lies in the range; otherwise the operation throws
   * ArithmeticException.
   */
  private static void assertOperation(
      Op op, Op ieee, Gen<Double> as, Gen<Double> bs, boolean positiveResult) {
    AtomicInteger returned = new AtomicInteger();
    AtomicInteger thrown = new AtomicInteger();
    examples()
        .forAll(as, bs)
        .checkAssert(
            (a, b) -> {
              double expected = ieee.apply(a, b);
              boolean inRange = positiveResult ? isPositive(expected) : isNonNegative(expected);
              if (inRange) {
                assertEquals(expected, op.apply(a, b), () -> "IEEE result of " + a + ", " + b);
                returned.incrementAndGet();
              } else {
                assertThrows(
                    ArithmeticException.class, () -> op.apply(a, b), () -> a + ", " + b);
                thrown.incrementAndGet();
              }
            });
    assertCovered(returned, thrown);
  }

  @Test
  void addReturnsTheSumOrThrowsOnOverflow() {
    assertOperation(Reals::add, (a, b) -> a + b, nonNegative(), nonNegative(), false);
  }

  @Test
  void addPositiveReturnsTheSumOrThrowsOnOverflow() {
    assertOperation(Reals::addPositive, (a, b) -> a + b, positive(), nonNegative(), true);
  }

  @Test
  void multiplyReturnsTheProductOrThrowsOnOverflow() {
    assertOperation(Reals::multiply, (a, b) -> a * b, nonNegative(), nonNegative(), false);
  }

  @Test
  void multiplyPositiveReturnsTheProductOrThrowsOnOverflowAndUnderflow() {
    assertOperation(Reals::multiplyPositive, (a, b) -> a * b, positive(), positive(), true);
  }

  @Test
  void divideReturnsTheQuotientOrThrowsOnOverflow() {
    assertOperation(Reals::divide, (a, b) -> a / b, nonNegative(), positive(), false);
  }

  @Test
  void expReturnsTheExponentialOrThrowsOnOverflow() {
    Gen<Double> args = weighted(Pair.of(1, finite()), Pair.of(2, doubles().between(-800, 800)));
    assertOperation(
        (a, unused) -> Reals.exp(a), (a, unused) -> Math.exp(a), args, pick(0.0), false);
  }

  @Test
  void sqrtAndMaxReturnTheIeeeResult() {
    AtomicInteger n = new AtomicInteger();
    examples()
        .forAll(nonNegative(), nonNegative())
        .checkAssert(
            (a, b) -> {
              assertEquals(Math.sqrt(a), Reals.sqrt(a));
              assertTrue(isNonNegative(Reals.sqrt(a)));
              assertEquals(Math.max(a, b), Reals.max(a, b));
              n.incrementAndGet();
            });
    assertTrue(n.get() >= MIN_EXAMPLES, "examples run: " + n);
  }

  @Test
  void logAtLeastOneReturnsTheLogarithmOrRefusesArgumentsBelowOne() {
    Gen<Double> args =
        weighted(Pair.of(2, finite()), Pair.of(1, doubles().between(0, 3)), Pair.of(1, pick(1.0)));
    AtomicInteger returned = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    examples()
        .forAll(args)
        .checkAssert(
            a -> {
              if (a >= 1) {
                double log = Reals.logAtLeastOne(a);
                assertEquals(Math.log(a), log);
                assertTrue(isNonNegative(log));
                returned.incrementAndGet();
              } else {
                IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Reals.logAtLeastOne(a));
                assertTrue(e.getMessage().contains(String.valueOf(a)), e.getMessage());
                refused.incrementAndGet();
              }
            });
    assertCovered(returned, refused);
  }

  @Test
  void overflowAndUnderflowExamples() {
    double max = Double.MAX_VALUE;
    double tiny = Double.MIN_VALUE;
    assertAll(
        () -> assertThrows(ArithmeticException.class, () -> Reals.add(max, max)),
        () -> assertThrows(ArithmeticException.class, () -> Reals.addPositive(max, max)),
        () -> assertThrows(ArithmeticException.class, () -> Reals.multiply(max, 2)),
        () -> assertThrows(ArithmeticException.class, () -> Reals.multiplyPositive(1e200, 1e200)),
        () -> assertThrows(ArithmeticException.class, () -> Reals.multiplyPositive(tiny, 0.5)),
        () -> assertThrows(ArithmeticException.class, () -> Reals.multiplyPositive(1e-200, 1e-200)),
        () -> assertThrows(ArithmeticException.class, () -> Reals.divide(max, 0.5)),
        () -> assertThrows(ArithmeticException.class, () -> Reals.divide(1, tiny)),
        () -> assertThrows(ArithmeticException.class, () -> Reals.exp(710)),
        () -> assertEquals(tiny, Reals.multiplyPositive(tiny, 1)),
        () -> assertEquals(0.0, Reals.multiply(tiny, 0.5)),
        () -> assertEquals(0.0, Reals.multiply(0, max)),
        () -> assertEquals(0.0, Reals.divide(0, tiny)),
        () -> assertEquals(max, Reals.add(max, 0)),
        () -> assertEquals(0.0, Reals.exp(-1e4)),
        () -> assertEquals(Math.exp(709), Reals.exp(709)),
        () -> assertEquals(0.0, Reals.logAtLeastOne(1)),
        () ->
            assertThrows(
                IllegalArgumentException.class, () -> Reals.logAtLeastOne(Math.nextDown(1.0))));
  }
}
