package org.rlhfbounds.contracts.rounding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * High-precision reference values for the rounding tests, computed with {@link BigDecimal} only (no
 * elementary function of {@code java.lang.Math}, nothing from the code under test).
 *
 * <p>The elementary functions are evaluated with {@value #DIGITS} significant digits, plus one more
 * for each decimal order of magnitude by which the argument {@code t} of {@code exp(t)}, {@code
 * log1p(t)} or the exponent {@code t = y ln x} of a power is below 1 (those values lie within about
 * {@code |t|} of the double 1 or of {@code t} itself, and must be resolved finer than that). They
 * are returned as an {@link Enclosure}: an interval widened by a relative radius of {@code 10^-(P -
 * 40)} at working precision {@code P}, far above the evaluation error (about {@code 10^-(P - 7)},
 * see each method), that contains the exact value. A directed result compared with the enclosure is
 * then provably right or provably wrong, except when it falls inside it, which happens only when
 * the exact value is (essentially) the double itself; the tests resolve those cases with exact
 * rational arithmetic.
 */
public final class BigRef {
  private BigRef() {}

  /** Base working precision, in significant digits. */
  static final int DIGITS = 100;

  private static final int MARGIN = 40;
  static final MathContext MC = new MathContext(DIGITS, RoundingMode.HALF_EVEN);
  private static final BigDecimal TWO = BigDecimal.valueOf(2);
  private static final BigDecimal HALF = new BigDecimal("0.5");
  private static final Map<Integer, BigDecimal> LN2_CACHE = new ConcurrentHashMap<>();
  private static final Map<Integer, BigDecimal> POW2_CACHE = new ConcurrentHashMap<>();

  /** {@code ln 2 = 2 atanh(1/3)} to {@value #DIGITS} digits. */
  static final BigDecimal LN2 = ln2(MC);

  /** {@code ln 2 = 2 atanh(1/3)} at the given precision. */
  static BigDecimal ln2(MathContext mc) {
    return LN2_CACHE.computeIfAbsent(
        mc.getPrecision(),
        p -> TWO.multiply(atanh(BigDecimal.ONE.divide(BigDecimal.valueOf(3), mc), mc), mc));
  }

  /**
   * The working precision for a result that must be resolved relative to a small quantity {@code
   * t}: {@value #DIGITS} digits plus {@code max(0, -log10 |t|)}.
   */
  static MathContext precisionFor(BigDecimal t) {
    if (t.signum() == 0) {
      return MC;
    }
    int magnitude = t.precision() - t.scale() - 1; // floor(log10 |t|)
    return magnitude >= 0 ? MC : new MathContext(DIGITS - magnitude, RoundingMode.HALF_EVEN);
  }

  /**
   * A closed interval {@code [lo, hi]} that contains an exact real value; {@code hi == null} means
   * {@code +inf}. {@code lo == hi} (the same object) marks a value known exactly.
   */
  record Enclosure(BigDecimal lo, BigDecimal hi) {
    static Enclosure point(BigDecimal v) {
      return new Enclosure(v, v);
    }

    /** {@code v} computed at precision {@code mc}, widened by its relative radius. */
    static Enclosure around(BigDecimal v, MathContext mc) {
      BigDecimal r = v.abs().scaleByPowerOfTen(-(mc.getPrecision() - MARGIN));
      return new Enclosure(v.subtract(r, mc), v.add(r, mc));
    }

    boolean exactlyKnown() {
      return lo == hi;
    }

    /**
     * Whether {@code u >= exact}: TRUE or FALSE when the enclosure decides it, null when {@code u}
     * lies inside the enclosure.
     */
    Boolean isAtLeast(double u) {
      if (u == Double.POSITIVE_INFINITY) {
        return Boolean.TRUE;
      }
      if (u == Double.NEGATIVE_INFINITY) {
        return Boolean.FALSE; // every enclosure here is of a finite or +inf-bounded real
      }
      BigDecimal b = new BigDecimal(u);
      if (hi != null && b.compareTo(hi) >= 0) {
        return Boolean.TRUE;
      }
      if (b.compareTo(lo) < 0 || hi == null) {
        return Boolean.FALSE; // a finite double is below a symbolic [2^1100, +inf]
      }
      return null; // lo <= u < hi, only possible for an enclosure that is not a point
    }

    /**
     * Whether {@code d <= exact}: TRUE or FALSE when the enclosure decides it, null when {@code d}
     * lies inside the enclosure.
     */
    Boolean isAtMost(double d) {
      if (d == Double.NEGATIVE_INFINITY) {
        return Boolean.TRUE;
      }
      if (d == Double.POSITIVE_INFINITY) {
        return Boolean.FALSE;
      }
      BigDecimal b = new BigDecimal(d);
      if (b.compareTo(lo) <= 0) {
        return Boolean.TRUE;
      }
      if (hi != null && b.compareTo(hi) > 0) {
        return Boolean.FALSE;
      }
      return exactlyKnown() ? Boolean.FALSE : null; // lo < d <= hi
    }

    @Override
    public String toString() {
      return "["
          + lo.round(new MathContext(25))
          + ", "
          + (hi == null ? "+inf" : hi.round(new MathContext(25)))
          + "]";
    }
  }

  /** Exact decimal value of a finite double. */
  static BigDecimal bd(double d) {
    return new BigDecimal(d);
  }

  /** {@code 2^k} exactly (cached). */
  static BigDecimal pow2(int k) {
    return POW2_CACHE.computeIfAbsent(k, i -> i >= 0 ? TWO.pow(i) : HALF.pow(-i));
  }

  /**
   * {@code e^x} for a finite double. Beyond {@code |x| > 800} the enclosure is symbolic: {@code
   * [2^1100, +inf]} or {@code [0, 2^-1100]}, enough to decide any double.
   */
  static Enclosure exp(double x) {
    if (x > 800) {
      return new Enclosure(pow2(1100), null);
    }
    if (x < -800) {
      return new Enclosure(BigDecimal.ZERO, pow2(-1100));
    }
    if (x == 0) {
      return Enclosure.point(BigDecimal.ONE);
    }
    MathContext mc = precisionFor(bd(x));
    return Enclosure.around(expBig(bd(x), mc), mc);
  }

  /**
   * {@code e^t} for {@code |t| <= 1000} at precision {@code P}: {@code t = y * 2^s} with {@code |y|
   * <= 2^-8} (exact halving), Taylor series for {@code e^y} until a term is below {@code
   * 10^-(P+5)}, then {@code s <= 18} squarings; relative error below {@code 2^19 * 10^-(P-2) <
   * 10^-(P-8)}.
   */
  public static BigDecimal expBig(BigDecimal t, MathContext mc) {
    int s = 0;
    BigDecimal y = t;
    BigDecimal limit = new BigDecimal("0.00390625"); // 2^-8
    while (y.abs().compareTo(limit) > 0) {
      y = y.multiply(HALF); // exact
      s++;
    }
    BigDecimal eps = BigDecimal.ONE.scaleByPowerOfTen(-(mc.getPrecision() + 5));
    BigDecimal sum = BigDecimal.ONE;
    BigDecimal term = BigDecimal.ONE;
    for (int k = 1; ; k++) {
      term = term.multiply(y, mc).divide(BigDecimal.valueOf(k), mc);
      sum = sum.add(term, mc);
      if (term.abs().compareTo(eps) < 0) {
        break;
      }
    }
    for (int i = 0; i < s; i++) {
      sum = sum.multiply(sum, mc);
    }
    return sum;
  }

  /**
   * {@code atanh(t) = t + t^3/3 + t^5/5 + ...} for {@code |t| <= 1/3} at precision {@code P}, until
   * a term is below {@code |t| * 10^-(P+5)}: relative error about {@code 10^-(P-2)}.
   */
  public static BigDecimal atanh(BigDecimal t, MathContext mc) {
    if (t.signum() == 0) {
      return t;
    }
    BigDecimal eps = t.abs().scaleByPowerOfTen(-(mc.getPrecision() + 5));
    BigDecimal t2 = t.multiply(t, mc);
    BigDecimal power = t;
    BigDecimal sum = t;
    for (int k = 3; ; k += 2) {
      power = power.multiply(t2, mc);
      BigDecimal term = power.divide(BigDecimal.valueOf(k), mc);
      sum = sum.add(term, mc);
      if (term.abs().compareTo(eps) < 0) {
        return sum;
      }
    }
  }

  /**
   * {@code ln z} for an exact positive BigDecimal at precision {@code P}: {@code z = w * 2^e} with
   * {@code w} in {@code [0.75, 1.5)} (exact scaling), {@code ln z = 2 atanh((w - 1) / (w + 1)) + e
   * ln 2} with {@code |(w - 1)/(w + 1)| <= 0.2}. For {@code e = 0} the relative error is about
   * {@code 10^-(P-3)} ({@code w - 1} is exact); otherwise {@code |ln z| >= 0.28} and the relative
   * error is below {@code (1 + |e|) * 10^-(P-3)}, at most {@code 10^-(P-7)}.
   */
  public static BigDecimal logBig(BigDecimal z, MathContext mc) {
    if (z.signum() <= 0) {
      throw new IllegalArgumentException("log of " + z);
    }
    // binary exponent estimate from the bit length: z = u * 10^-scale
    BigInteger u = z.unscaledValue();
    int scale = z.scale();
    long e = u.bitLength() - Math.round(scale * 3.321928094887362);
    BigDecimal w = z.multiply(pow2((int) -e));
    while (w.compareTo(new BigDecimal("1.5")) >= 0) {
      w = w.multiply(HALF);
      e++;
    }
    while (w.compareTo(new BigDecimal("0.75")) < 0) {
      w = w.multiply(TWO);
      e--;
    }
    BigDecimal t = w.subtract(BigDecimal.ONE).divide(w.add(BigDecimal.ONE), mc);
    BigDecimal r = TWO.multiply(atanh(t, mc), mc);
    return e == 0 ? r : r.add(ln2(mc).multiply(BigDecimal.valueOf(e), mc), mc);
  }

  /**
   * A double as a BigDecimal rounded to {@code DIGITS + 10} digits: a relative change below {@code
   * 1e-109}, only for the doubles of more digits, which lie far from 1 ({@code |ln x| > 1}); it
   * changes {@code ln x} by less than {@code 1e-109 / |ln x|} relatively, far below the radius.
   */
  private static BigDecimal bdForLog(double x) {
    return bd(x).round(new MathContext(DIGITS + 10, RoundingMode.HALF_EVEN));
  }

  /** {@code ln x} for a finite double {@code x > 0}. */
  static Enclosure log(double x) {
    if (x == 1) {
      return Enclosure.point(BigDecimal.ZERO);
    }
    return Enclosure.around(logBig(bdForLog(x), MC), MC);
  }

  /** {@code ln(1 + x)} for a finite double {@code x > -1}; {@code 1 + x} is formed exactly. */
  static Enclosure log1p(double x) {
    if (x == 0) {
      return Enclosure.point(BigDecimal.ZERO);
    }
    MathContext mc = precisionFor(bd(x));
    return Enclosure.around(logBig(BigDecimal.ONE.add(bd(x)), mc), mc);
  }

  /**
   * {@code x^y = e^t}, {@code t = y ln x}, for finite {@code x > 0}, finite {@code y}. {@code t}
   * has relative error below {@code 10^-(DIGITS-8)}, which perturbs {@code e^t} by a relative
   * {@code |t| * 10^-(DIGITS-8)}: below the radius both where {@code |t|} is small and where it is
   * up to 800 (beyond, the enclosure is symbolic as in {@link #exp}). Exactly known ({@link
   * Enclosure#exactlyKnown}) only for the trivial cases {@code x = 1} or {@code y = 0}; tests
   * resolve other exact powers with {@link #powEquals}.
   */
  static Enclosure pow(double x, double y) {
    if (x == 1 || y == 0) {
      return Enclosure.point(BigDecimal.ONE);
    }
    BigDecimal t = bd(y).multiply(logBig(bdForLog(x), MC), MC);
    if (t.compareTo(BigDecimal.valueOf(800)) > 0) {
      return new Enclosure(pow2(1100), null);
    }
    if (t.compareTo(BigDecimal.valueOf(-800)) < 0) {
      return new Enclosure(BigDecimal.ZERO, pow2(-1100));
    }
    MathContext mc = precisionFor(t);
    return Enclosure.around(expBig(t, mc), mc);
  }

  /**
   * Decides exactly whether {@code d == x^y}, for exponents {@code y = p / 2^k} with {@code |p| <=
   * 2200} and {@code k <= 4}: {@code d^(2^k) == x^p}.
   *
   * @return TRUE or FALSE, or null if the exponent is outside that set
   */
  static Boolean powEquals(double d, double x, double y) {
    for (int k = 0; k <= 4; k++) {
      double p = y * (1 << k); // exact scaling
      if (p == Math.rint(p) && Math.abs(p) <= 2200) {
        if (!(d > 0) || Double.isInfinite(d)) {
          return Boolean.FALSE;
        }
        int ip = (int) p;
        // in odd-significand form d = dm * 2^de, x = xm * 2^xe (dm, xm odd), both sides are
        // (odd integer) * 2^(integer), equal exactly when the odd parts and the exponents are
        long[] dv = oddForm(d);
        long[] xv = oddForm(x);
        BigInteger lhsOdd = BigInteger.valueOf(dv[0]).pow(1 << k);
        long lhsExp = dv[1] << k;
        if (ip < 0) { // d^(2^k) * x^|p| == 1
          return dv[0] == 1 && xv[0] == 1 && lhsExp + xv[1] * (long) -ip == 0;
        }
        int xBits = 64 - Long.numberOfLeadingZeros(xv[0]);
        if ((long) (xBits - 1) * ip + 1 > lhsOdd.bitLength()) {
          return Boolean.FALSE; // xm^p has more bits than dm^(2^k)
        }
        return lhsOdd.equals(BigInteger.valueOf(xv[0]).pow(ip)) && lhsExp == xv[1] * (long) ip;
      }
    }
    return null;
  }

  /**
   * The odd-significand form of a finite double {@code d > 0}.
   *
   * @return {@code {m, e}} with {@code m} odd and {@code d = m * 2^e}
   */
  static long[] oddForm(double d) {
    long bits = Double.doubleToRawLongBits(d);
    int biased = (int) (bits >>> 52);
    long m = bits & ((1L << 52) - 1);
    int e;
    if (biased == 0) {
      e = -1074;
    } else {
      m |= 1L << 52;
      e = biased - 1075;
    }
    int tz = Long.numberOfTrailingZeros(m);
    return new long[] {m >>> tz, e + tz};
  }

  /**
   * Position of a double in the ordered set of doubles: consecutive doubles differ by one, both
   * zeros are 0, {@code +inf} follows {@code MAX_VALUE}.
   */
  static long ordinal(double d) {
    return d >= 0 || d == 0
        ? Double.doubleToRawLongBits(Math.abs(d))
        : -Double.doubleToRawLongBits(-d);
  }
}
