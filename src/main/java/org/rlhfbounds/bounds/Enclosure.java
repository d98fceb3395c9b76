package org.rlhfbounds.bounds;

import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.NonNegativeReal;

/**
 * A closed interval {@code [lo, hi]} of reals that is known to contain a real quantity, with the
 * operations of interval arithmetic rounded outward ({@link Down} for the lower end, {@link Up}
 * for the upper end), so that the result of every operation contains the exact real result of
 * the operation on every pair of points of its operands (R. E. Moore, R. B. Kearfott, M. J.
 * Cloud, <i>Introduction to Interval Analysis</i>, SIAM 2009, doi:10.1137/1.9780898717716, ch.
 * 2-4). Measured quantities that are compared with bounds are computed as enclosures
 * (proofs/MEASURE.md): a bound is below its measured quantity only when it is below the
 * enclosure's lower end.
 *
 * <p>Ends may be infinite ({@code [-inf, +inf]} is the enclosure that says nothing); NaN ends
 * are rejected. {@code expm1} is stepped two ulps outward from {@link Math#expm1}, whose Javadoc
 * promises a result within 1 ulp, exactly as {@link Up#exp} is (proofs/ROUNDING.md).
 *
 * <p>Thread-safe: immutable.
 */
public final class Enclosure {
  /** The enclosure {@code [0, 0]}. */
  public static final Enclosure ZERO = new Enclosure(0, 0);

  private final double lo;
  private final double hi;

  private Enclosure(double lo, double hi) {
    this.lo = lo;
    this.hi = hi;
  }

  /**
   * The interval {@code [lo, hi]}.
   *
   * @param lo lower end
   * @param hi upper end
   * @return the enclosure
   * @throws IllegalArgumentException if an end is NaN or {@code lo > hi}
   */
  public static Enclosure of(double lo, double hi) {
    if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
      throw new IllegalArgumentException("enclosure needs lo <= hi, got [" + lo + ", " + hi + "]");
    }
    return new Enclosure(lo + 0.0, hi + 0.0);
  }

  /**
   * The point interval {@code [x, x]}.
   *
   * @param x the point
   * @return the enclosure
   * @throws IllegalArgumentException if x is NaN
   */
  public static Enclosure point(double x) {
    return of(x, x);
  }

  /**
   * The interval {@code [x - err, x + err]}, ends rounded outward.
   *
   * @param x the centre
   * @param err the radius, {@code >= 0}
   * @return the enclosure
   * @throws IllegalArgumentException if an argument is NaN or err is negative
   */
  public static Enclosure around(double x, double err) {
    if (!(err >= 0)) {
      throw new IllegalArgumentException("enclosure radius must be >= 0, got " + err);
    }
    return of(Down.sub(x, err), Up.add(x, err));
  }

  /**
   * Returns the lower end.
   *
   * @return lo
   */
  public double lo() {
    return lo;
  }

  /**
   * Returns the upper end.
   *
   * @return hi
   */
  public double hi() {
    return hi;
  }

  /**
   * Returns the midpoint (the best single value; {@code lo} or {@code hi} when the other end is
   * infinite).
   *
   * @return the midpoint
   */
  public double mid() {
    if (Double.isInfinite(lo) || Double.isInfinite(hi)) {
      return Double.isInfinite(lo) ? hi : lo;
    }
    double m = lo + 0.5 * (hi - lo);
    return Double.isFinite(m) ? m : 0.5 * lo + 0.5 * hi;
  }

  /**
   * Returns an upper bound of the distance from the midpoint to either end: the quantity lies in
   * {@code [mid() - radius(), mid() + radius()]}.
   *
   * @return the radius, rounded up
   */
  public @NonNegativeReal double radius() {
    double m = mid();
    double r = Math.max(Up.sub(hi, m), Up.sub(m, lo));
    return Reals.nonNegative(Math.max(r, 0), "enclosure radius");
  }

  /**
   * Returns {@code this + o}.
   *
   * @param o the other term
   * @return the sum
   */
  public Enclosure add(Enclosure o) {
    return of(Down.add(lo, o.lo), Up.add(hi, o.hi));
  }

  /**
   * Returns {@code this - o}.
   *
   * @param o the subtrahend
   * @return the difference
   */
  public Enclosure sub(Enclosure o) {
    return of(Down.sub(lo, o.hi), Up.sub(hi, o.lo));
  }

  /**
   * Returns {@code this * o}.
   *
   * @param o the other factor
   * @return the product
   */
  public Enclosure mul(Enclosure o) {
    if (lo >= 0 && o.lo >= 0) {
      return of(Down.mul(lo, o.lo), Up.mul(hi, o.hi));
    }
    double a = Down.mul(lo, o.lo);
    double b = Down.mul(lo, o.hi);
    double c = Down.mul(hi, o.lo);
    double d = Down.mul(hi, o.hi);
    double e = Up.mul(lo, o.lo);
    double f = Up.mul(lo, o.hi);
    double g = Up.mul(hi, o.lo);
    double h = Up.mul(hi, o.hi);
    return of(Math.min(Math.min(a, b), Math.min(c, d)), Math.max(Math.max(e, f), Math.max(g, h)));
  }

  /**
   * Returns {@code this * s} for a real {@code s >= 0} given exactly as a double.
   *
   * @param s the factor
   * @return the product
   * @throws IllegalArgumentException if {@code s} is NaN, infinite or out of its range
   */
  public Enclosure scale(@NonNegativeReal double s) {
    Reals.nonNegative(s, "s");
    return of(Down.mul(lo, s), Up.mul(hi, s));
  }

  /**
   * Returns {@code this / s} for a double {@code s > 0}.
   *
   * @param s the divisor
   * @return the quotient
   */
  public Enclosure divide(double s) {
    if (!(s > 0)) {
      throw new IllegalArgumentException("divisor must be > 0, got " + s);
    }
    return of(Down.div(lo, s), Up.div(hi, s));
  }

  /**
   * Returns {@code this / o} for an enclosure of positive numbers.
   *
   * @param o the divisor, {@code o.lo() > 0}
   * @return the quotient
   */
  public Enclosure divide(Enclosure o) {
    if (!(o.lo > 0)) {
      throw new IllegalArgumentException("divisor enclosure must be positive, got " + o);
    }
    double a = lo >= 0 ? Down.div(lo, o.hi) : Down.div(lo, o.lo);
    double b = hi >= 0 ? Up.div(hi, o.lo) : Up.div(hi, o.hi);
    return of(a, b);
  }

  /**
   * Returns {@code e^this}.
   *
   * @return the exponential
   */
  public Enclosure exp() {
    return of(Down.exp(lo), Up.exp(hi));
  }

  /**
   * Returns {@code e^this - 1}, stepped two ulps outward from {@link Math#expm1}.
   *
   * @return the enclosure of expm1
   */
  public Enclosure expm1() {
    return of(expm1Down(lo), expm1Up(hi));
  }

  /**
   * Returns {@code ln(1 + this)}; the lower end is {@code -inf} when {@code lo <= -1}.
   *
   * @return the enclosure of log1p
   */
  public Enclosure log1p() {
    if (!(hi > -1)) {
      throw new IllegalArgumentException("log1p of an enclosure below -1: " + this);
    }
    double l = lo <= -1 ? Double.NEGATIVE_INFINITY : Down.log1p(lo);
    return of(l, Up.log1p(hi));
  }

  /**
   * Returns {@code ln(this)} for an enclosure of positive numbers ({@code lo > 0}).
   *
   * @return the enclosure of the logarithm
   * @throws IllegalArgumentException if the enclosure is not positive
   */
  public Enclosure log() {
    if (!(lo > 0)) {
      throw new IllegalArgumentException("log of an enclosure that is not positive: " + this);
    }
    return of(Down.log(lo), Up.log(hi));
  }

  /**
   * Returns the intersection of two enclosures of the same quantity, or this when they do not
   * meet (which exact arithmetic rules out).
   *
   * @param o another enclosure of the same quantity
   * @return the intersection
   */
  public Enclosure intersect(Enclosure o) {
    double l = Math.max(lo, o.lo);
    double h = Math.min(hi, o.hi);
    return l <= h ? of(l, h) : this;
  }

  /**
   * Returns {@code |this|}.
   *
   * @return the absolute value
   */
  public Enclosure abs() {
    if (lo >= 0) {
      return this;
    }
    if (hi <= 0) {
      return of(-hi, -lo);
    }
    return of(0, Math.max(-lo, hi));
  }

  /**
   * Returns the enclosure of {@code max(0, this)}: a quantity known to be non-negative.
   *
   * @return the clamped enclosure
   */
  public Enclosure nonNegative() {
    return of(Math.max(lo, 0), Math.max(hi, 0));
  }

  static double expm1Up(double x) {
    if (x == 0 || x == Double.POSITIVE_INFINITY) {
      return x;
    }
    if (x == Double.NEGATIVE_INFINITY) {
      return -1;
    }
    double u = Math.nextUp(Math.nextUp(Math.expm1(x)));
    // expm1(x) < 0 for x < 0; expm1(x) < x / (1 - x) for 0 < x < 1
    return x < 0 ? Math.min(u, 0.0) : u;
  }

  static double expm1Down(double x) {
    if (x == 0 || x == Double.NEGATIVE_INFINITY) {
      return x == 0 ? 0 : -1;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return x;
    }
    double v = Math.nextDown(Math.nextDown(Math.expm1(x)));
    // expm1(x) > x for x != 0, and > -1
    return Math.max(v, Math.max(x, -1.0));
  }

  @Override
  public String toString() {
    return "[" + lo + ", " + hi + "]";
  }
}
