package org.rlhfbounds.contracts.rounding;

import static org.quicktheories.generators.SourceDSL.doubles;

import java.math.BigInteger;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators of doubles for the rounding tests: wide magnitudes (every binary
 * exponent equally likely, subnormals, the extremes), exact-friendly values (small integers, powers
 * of two, short significands) and argument pairs aimed at the hard regions of each operation
 * (cancellation, results near underflow and overflow, exact results).
 */
final class Gens {
  private Gens() {}

  /** Two arguments, printed readably (with their hexadecimal form) when a property fails. */
  record Args(double a, double b) {
    /** One argument (printed alone). */
    static Args one(double a) {
      return new Args(a, Double.NaN);
    }

    @Override
    public String toString() {
      return Double.isNaN(b)
          ? String.format("(%s) = (%s)", a, Double.toHexString(a))
          : String.format(
              "(%s, %s) = (%s, %s)", a, b, Double.toHexString(a), Double.toHexString(b));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // single doubles

  @SafeVarargs
  private static <T> Gen<T> mix(Pair<Integer, Gen<T>>... parts) {
    return Generate.frequency(List.of(parts));
  }

  private static <T> Pair<Integer, Gen<T>> w(int weight, Gen<T> gen) {
    return Pair.of(weight, gen);
  }

  /** Infinities replaced by the largest finite double of the same sign, NaN by 1. */
  static double finite(double d) {
    return Double.isNaN(d) ? 1.0 : Double.isInfinite(d) ? Math.copySign(Double.MAX_VALUE, d) : d;
  }

  /** Both arguments made {@link #finite}. */
  static Gen<Args> finitePairs(Gen<Args> g) {
    return g.map(p -> new Args(finite(p.a()), finite(p.b())));
  }

  /** A random sign applied to a generator of non-negatives. */
  static Gen<Double> signed(Gen<Double> g) {
    return g.zip(Generate.booleans(), (d, neg) -> neg ? -d : d);
  }

  /** Positive finite doubles with uniformly random bits: every binary exponent equally likely. */
  static Gen<Double> positiveBits() {
    return Generate.longRange(1L, 0x7FEF_FFFF_FFFF_FFFFL).map(Double::longBitsToDouble);
  }

  /** Positive subnormals. */
  static Gen<Double> subnormal() {
    return Generate.longRange(1L, (1L << 52) - 1).map(Double::longBitsToDouble);
  }

  /** Integers in {@code [lo, hi]}. */
  static Gen<Double> ints(int lo, int hi) {
    return Generate.range(lo, hi).map(i -> (double) i);
  }

  /** {@code 2^k}, {@code k} in {@code [lo, hi]}. */
  static Gen<Double> powersOfTwo(int lo, int hi) {
    return Generate.range(lo, hi).map(k -> Math.scalb(1.0, k));
  }

  /** {@code m * 2^k} with {@code m} below {@code 2^bits}: few significant bits, exact-friendly. */
  static Gen<Double> shortSignificand(int bits, int kLo, int kHi) {
    return Generate.range(1, (1 << bits) - 1)
        .zip(Generate.range(kLo, kHi), (m, k) -> Math.scalb((double) m, k));
  }

  /** Values at the edges of the double range and around 1. */
  static Gen<Double> edges() {
    return Generate.pick(
        List.of(
            0.0,
            Double.MIN_VALUE,
            2 * Double.MIN_VALUE,
            Math.nextDown(Double.MIN_NORMAL),
            Double.MIN_NORMAL,
            Math.nextUp(Double.MIN_NORMAL),
            Double.MAX_VALUE,
            Math.nextDown(Double.MAX_VALUE),
            0x1p1023,
            1.0,
            Math.nextUp(1.0),
            Math.nextDown(1.0),
            0.1,
            1.0 / 3,
            2.0,
            0.5,
            1e-300,
            1e300));
  }

  /** Non-negative doubles over the whole range, mixed with exact-friendly and edge values. */
  static Gen<Double> wideNonNegative() {
    return mix(
        w(35, positiveBits()),
        w(10, subnormal()),
        w(12, ints(0, 100)),
        w(10, powersOfTwo(-1074, 1023)),
        w(13, shortSignificand(10, -1074, 1013)),
        w(10, doubles().between(0, 1e6)),
        w(10, edges()));
  }

  /** Doubles of either sign over the whole range, mixed with exact-friendly and edge values. */
  static Gen<Double> wide() {
    return signed(wideNonNegative());
  }

  /** The binary exponent {@code floor(log2 |x|)} of a finite non-zero double. */
  static int exponentOf(double x) {
    int e = Math.getExponent(x);
    return e >= Double.MIN_EXPONENT ? e : Math.getExponent(x * 0x1p60) - 60;
  }

  // ---------------------------------------------------------------------------------------------
  // argument pairs

  /** Pairs for sums: independent, cancelling, of close magnitudes, and exact-friendly. */
  static Gen<Args> sumPairs() {
    Gen<Args> independent = wide().zip(wide(), Args::new);
    Gen<Args> cancelling =
        wide().zip(Generate.range(-8, 8), (a, j) -> new Args(a, -a + j * Math.ulp(a)));
    Gen<Args> close =
        wide()
            .zip(
                doubles().between(1, 2),
                Generate.range(-60, 60),
                (a, m, j) -> new Args(a, Math.scalb(-m * a, j)));
    Gen<Args> exactish = exactSumPairs();
    return finitePairs(mix(w(40, independent), w(20, cancelling), w(20, close), w(20, exactish)));
  }

  /** Pairs whose sum is usually a double: short significands at nearby exponents, subnormals. */
  static Gen<Args> exactSumPairs() {
    Gen<Args> shortPairs =
        signed(shortSignificand(20, -1074, 1000))
            .zip(
                signed(shortSignificand(20, 0, 30)),
                (a, b) -> new Args(a, Math.scalb(b, Gens.exponentOf(a) - 25)));
    Gen<Args> subnormals = signed(subnormal()).zip(signed(subnormal()), Args::new);
    Gen<Args> smallInts = ints(-1000, 1000).zip(ints(-1000, 1000), Args::new);
    return finitePairs(mix(w(50, shortPairs), w(25, subnormals), w(25, smallInts)));
  }

  /** Pairs for products: independent, near underflow, near overflow, and exact-friendly. */
  static Gen<Args> productPairs() {
    Gen<Args> independent = wide().zip(wide(), Args::new);
    Gen<Args> nearUnderflow = towards(-1100, -1000);
    Gen<Args> nearOverflow = towards(1010, 1024);
    return finitePairs(
        mix(
            w(40, independent),
            w(20, nearUnderflow),
            w(10, nearOverflow),
            w(30, exactProductPairs())));
  }

  /** Pairs {@code (a, b)} with {@code a * b} of binary exponent in {@code [lo, hi]}. */
  private static Gen<Args> towards(int lo, int hi) {
    return wide()
        .map(a -> a == 0 ? 1.0 : a)
        .zip(
            signed(doubles().between(1, 2)),
            Generate.range(lo, hi),
            (a, m, t) -> {
              double b = Math.scalb(m, t - exponentOf(a));
              return new Args(a, Double.isInfinite(b) ? Math.copySign(Double.MAX_VALUE, b) : b);
            });
  }

  /** Pairs whose product is usually a double: short significands (26 bits or fewer). */
  static Gen<Args> exactProductPairs() {
    return signed(shortSignificand(26, -600, 500))
        .zip(signed(shortSignificand(26, -600, 500)), Args::new);
  }

  /** Pairs for quotients (non-zero divisor): independent, near under/overflow, exact-friendly. */
  static Gen<Args> quotientPairs() {
    Gen<Args> independent = wide().zip(wide().map(b -> b == 0 ? 3.0 : b), Args::new);
    Gen<Args> nearUnderflow = quotientTowards(-1100, -1000);
    Gen<Args> nearOverflow = quotientTowards(1010, 1024);
    Gen<Args> tiny = signed(subnormal()).zip(wide().map(b -> b == 0 ? 3.0 : b), Args::new);
    Gen<Args> huge =
        signed(doubles().between(1e300, Double.MAX_VALUE)).zip(signed(subnormal()), Args::new);
    return finitePairs(
            mix(
                w(35, independent),
                w(15, nearUnderflow),
                w(10, nearOverflow),
                w(10, tiny),
                w(5, huge),
                w(25, exactQuotientPairs())))
        .map(p -> p.b() == 0 ? new Args(p.a(), 3.0) : p);
  }

  /** Pairs {@code (a, b)} with {@code a / b} of binary exponent near {@code [lo, hi]}. */
  private static Gen<Args> quotientTowards(int lo, int hi) {
    return wide()
        .map(b -> b == 0 ? 3.0 : b)
        .zip(
            signed(doubles().between(1, 2)),
            Generate.range(lo, hi),
            (b, m, t) -> {
              double a = Math.scalb(m, t + exponentOf(b));
              return new Args(Double.isInfinite(a) ? Math.copySign(Double.MAX_VALUE, a) : a, b);
            });
  }

  /** Pairs {@code (b * k, b)}: quotient {@code k} exact whenever the product is. */
  static Gen<Args> exactQuotientPairs() {
    return finitePairs(
        signed(shortSignificand(20, -1074, 1000))
            .zip(
                signed(mix(w(50, ints(1, 1000)), w(50, powersOfTwo(-60, 60)))),
                (b, k) -> new Args(b * k, b)));
  }

  /** Non-negative arguments for square roots: wide, perfect squares and their neighbours. */
  static Gen<Double> sqrtArgs() {
    Gen<Double> neighbours =
        exactSqrtArgs().zip(Generate.range(-3, 3), (s, j) -> s + j * Math.ulp(s));
    return mix(w(50, wideNonNegative()), w(30, exactSqrtArgs()), w(20, neighbours))
        .map(d -> Math.abs(finite(d)));
  }

  /** Perfect squares {@code s * s} of short significands, over the whole exponent range. */
  static Gen<Double> exactSqrtArgs() {
    return shortSignificand(26, -537, 485).map(s -> s * s); // s < 2^511: no overflow
  }

  // ---------------------------------------------------------------------------------------------
  // elementary functions

  /** Arguments of exp: the finite range, the overflow and underflow edges, tiny and huge values. */
  static Gen<Double> expArgs() {
    return mix(
            w(30, doubles().between(-745.5, 709.9)),
            w(10, doubles().between(709.0, 710.0)),
            w(10, doubles().between(-746.0, -744.0)),
            w(15, signed(shortSignificand(20, -1074, -21))),
            w(10, ints(-20, 20)),
            w(10, wide()),
            w(15, doubles().between(-1, 1)))
        .map(Gens::finite);
  }

  /** Positive arguments of log: whole range, subnormals, near 1, small integers. */
  static Gen<Double> logArgs() {
    Gen<Double> nearOneUlps = Generate.range(-1000, 1000).map(j -> 1.0 + j * 0x1p-53);
    Gen<Double> nearOne = doubles().between(-1e-3, 1e-3).map(t -> 1.0 + t);
    return mix(
        w(30, positiveBits()),
        w(10, subnormal()),
        w(10, nearOneUlps),
        w(10, nearOne),
        w(15, doubles().between(0, 10).map(x -> x == 0 ? 0.5 : x)),
        w(10, powersOfTwo(-1074, 1023)),
        w(15, ints(1, 1000)));
  }

  /** Arguments of log1p, in {@code (-1, inf)}: tiny, near -1, moderate, huge. */
  static Gen<Double> log1pArgs() {
    Gen<Double> nearMinusOne =
        mix(
            w(50, Generate.range(1, 1000).map(j -> -1.0 + j * 0x1p-53)),
            w(50, Generate.range(1, 1000).map(k -> -1.0 + Math.scalb(1.0, -k / 20))));
    return mix(
        w(20, signed(shortSignificand(20, -1074, -21))),
        w(20, doubles().between(-1, 1).map(x -> x == -1 ? 0.5 : x)),
        w(10, nearMinusOne),
        w(20, positiveBits()),
        w(10, doubles().between(0, 1e6)),
        w(10, ints(0, 100)),
        w(10, signed(subnormal())));
  }

  /** Exponents of pow: moderate, integers, halves and quarters, wide. */
  static Gen<Double> powExponents() {
    return mix(
        w(40, doubles().between(-4, 4)),
        w(20, ints(-60, 60)),
        w(10, Generate.range(-40, 40).map(k -> k / 4.0)),
        w(10, wide()),
        w(20, doubles().between(-1000, 1000)));
  }

  /** Argument pairs of pow. */
  static Gen<Args> powPairs() {
    return logArgs().zip(powExponents(), Args::new);
  }

  /**
   * Pairs {@code (x, y)} with {@code x = b^(2^k)}, {@code b = r * 2^j}, {@code y = p / 2^k}, so
   * that {@code x^y = b^p}: a double when {@code p >= 0} or {@code r = 1} (and in range), never
   * when {@code p < 0} and {@code r > 1}; half of them with {@code x} then multiplied by 2, 3 or
   * 1/2, which usually breaks the perfect power (near misses that must be found inexact). Also
   * powers aimed at the ends of the double range, where the exactness decision must get the range
   * check right to the last bit.
   */
  static Gen<Args> exactPowPairs() {
    Gen<Args> roots =
        Generate.range(0, 7)
            .zip(
                Generate.range(-30, 30),
                Generate.range(0, 3),
                Generate.range(-8, 8),
                (ri, j, k, p) -> {
                  double b = Math.scalb(2.0 * ri + 1, j);
                  double x = b;
                  for (int i = 0; i < k; i++) {
                    x = x * x; // exact: at most 4 * 8 = 32 significant bits, exponent <= 240
                  }
                  return new Args(x, (p == 0 ? 1 : p) / (double) (1 << k));
                });
    Gen<Args> nearMisses =
        roots.zip(Generate.pick(List.of(2.0, 3.0, 0.5)), (a, f) -> new Args(a.a() * f, a.b()));
    return mix(w(35, roots), w(25, nearMisses), w(40, rangeEdgePowers()));
  }

  /**
   * Powers aimed at the ends of the double range: {@code (r * 2^j)^p} with the leading bit of
   * {@code r^p * 2^(j p)} near {@code 2^1024}, or its last bit near {@code 2^-1074} (with exponents
   * {@code p} dividing the target exponent, such as 5, 25 and 43 for {@code -1075}); and {@code
   * (2^i)^(E / i)}, {@code (2^-i)^(-E / i)} with {@code E} near either end.
   */
  static Gen<Args> rangeEdgePowers() {
    Gen<Args> top =
        Generate.range(0, 7)
            .zip(
                Generate.range(1, 12),
                Generate.range(1016, 1026),
                (ri, p, target) -> {
                  int r = 2 * ri + 1;
                  int bits = BigInteger.valueOf(r).pow(p).bitLength();
                  int j = Math.min(1019, Math.floorDiv(target - bits, p));
                  return new Args(Math.scalb((double) r, j), p);
                });
    Gen<Args> bottom =
        Generate.range(0, 7)
            .zip(
                Generate.pick(List.of(1, 2, 3, 4, 5, 6, 25, 43)),
                Generate.range(-1076, -1073),
                (ri, p, target) -> {
                  int j = Math.max(-1074, Math.floorDiv(target, p)); // last bit of b^p at j * p
                  return new Args(Math.scalb(2.0 * ri + 1, j), p);
                });
    Gen<Integer> edge = mix(w(50, Generate.range(-1080, -1068)), w(50, Generate.range(1016, 1026)));
    Gen<Args> twoPowers =
        Generate.range(1, 3)
            .zip(
                edge,
                Generate.booleans(),
                (i, target, reciprocal) ->
                    reciprocal
                        ? new Args(Math.scalb(1.0, -i), -(double) target / i)
                        : new Args(Math.scalb(1.0, i), (double) target / i));
    return mix(w(35, top), w(35, bottom), w(30, twoPowers));
  }
}
