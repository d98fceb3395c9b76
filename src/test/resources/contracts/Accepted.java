import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.contracts.qual.Probability;

/** What the checkers must accept: the corrected snippets, literals in range, sound refinements. */
class Accepted {
  static void takePositive(@PositiveReal double p) {}

  static void takeProbability(@Probability double p) {}

  static void takePositiveProbability(@PositiveProbability double p) {}

  static void takeNonNegative(@NonNegativeReal double p) {}

  static void takeFinite(@Finite double p) {}

  // the unchecked double, checked through the trusted door
  static void checked(double x) {
    takePositive(Reals.positive(x, "x"));
  }

  // the @Nullable, tested
  static String orEmpty(@Nullable String s) {
    if (s == null) {
      return "";
    }
    return s;
  }

  // the array loop, in bounds
  static double sum(double[] a) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i];
    }
    return s;
  }

  static void literals() {
    takePositiveProbability(0.5);
    takePositiveProbability(1);
    takePositiveProbability(4.9E-324);
    takeProbability(0);
    takeProbability(0.0);
    takeProbability(-0.0);
    takePositive(2.0);
    takePositive(1e300);
    takeNonNegative(+3);
    takeFinite(-1.0);
    takeFinite(-(1.5));
  }

  static void subtyping(@PositiveProbability double p) {
    takePositive(p);
    takeProbability(p);
    takeNonNegative(p);
    takeFinite(p);
  }

  static void finiteGreaterThanZero(@Finite double x) {
    if (x > 0) {
      takePositive(x);
    }
  }

  static void zeroLessThanFinite(@Finite double x) {
    if (0 < x) {
      takePositive(x);
    }
  }

  static void finiteAtLeastZero(@Finite double x) {
    if (x >= 0) {
      takeNonNegative(x);
    }
  }

  static void finiteAtLeastPositive(@Finite double x, @PositiveReal double c) {
    if (x >= c) {
      takePositive(x);
    }
  }

  static void elseBranch(@Finite double x) {
    if (x <= 0) {
      takeFinite(x);
    } else {
      takePositive(x);
    }
  }

  static void earlyReturn(@Finite double x) {
    if (!(x > 0)) {
      return;
    }
    takePositive(x);
  }

  static void finiteAndPositive(double y) {
    if (Double.isFinite(y) && y > 0) {
      takePositive(y);
    }
  }

  static void isFinite(double y) {
    if (Double.isFinite(y)) {
      takeFinite(y);
    }
  }

  static void nonNegativeAtMostOne(@NonNegativeReal double x) {
    if (x <= 1) {
      takeProbability(x);
    }
  }

  static void nonNegativeBelowProbability(@NonNegativeReal double x, @Probability double p) {
    if (x < p) {
      takeProbability(x);
    }
  }

  static void arithmeticThroughReals(@PositiveReal double a, @PositiveReal double b) {
    takePositive(Reals.addPositive(a, b));
    takePositive(Reals.multiplyPositive(a, b));
    takeNonNegative(Reals.divide(a, b));
    takeNonNegative(Reals.sqrt(a));
  }
}
