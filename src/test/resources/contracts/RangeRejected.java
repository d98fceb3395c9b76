import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.contracts.qual.Probability;

/** The real-range checker bites: unchecked values, literals out of range, unproved refinements. */
class RangeRejected {
  static void takePositive(@PositiveReal double p) {}

  static void takeProbability(@Probability double p) {}

  static void takeFinite(@Finite double p) {}

  // an unchecked double: any value, NaN and the infinities included
  static void unchecked(double x) {
    takePositive(x); // expect: realrange:argument
  }

  static @PositiveReal double uncheckedReturn(double x) {
    return x; // expect: realrange:return
  }

  // literals get their tightest qualifier, and no more
  static void literals() {
    @PositiveReal double minusOne = -1.0; // expect: realrange:assignment
    @Probability double two = 2.0; // expect: realrange:assignment
    @PositiveReal double zero = 0; // expect: realrange:assignment
    @PositiveProbability double zeroPointZero = 0.0; // expect: realrange:assignment
    @NonNegativeReal double minusTiny = -4.9E-324; // expect: realrange:assignment
    @Finite double infinity = Double.POSITIVE_INFINITY; // expect: realrange:assignment
  }

  // x > 0 holds for x = +infinity: a lower bound refines only a value known finite
  static void unknownGreaterThanZero(double x) {
    if (x > 0) {
      takePositive(x); // expect: realrange:argument
    }
  }

  // NaN fails every comparison: the false branch of an unknown proves nothing
  static void unknownElseBranch(double x) {
    if (x <= 0) {
      return;
    }
    takePositive(x); // expect: realrange:argument
  }

  // the branch where x > 0 is false
  static void finiteWrongBranch(@Finite double x) {
    if (x > 0) {
      return;
    }
    takePositive(x); // expect: realrange:argument
  }

  // an upper bound on a value that may be negative
  static void finiteAtMostOne(@Finite double x) {
    if (x <= 1) {
      takeProbability(x); // expect: realrange:argument
    }
  }

  // an upper bound that is not a probability
  static void nonNegativeAtMostTwo(@NonNegativeReal double x) {
    if (x <= 2) {
      takeProbability(x); // expect: realrange:argument
    }
  }

  // a lower bound that is negative
  static void finiteAboveMinusOne(@Finite double x) {
    if (x > -1) {
      takePositive(x); // expect: realrange:argument
    }
  }

  // finite, but not positive
  static void finiteOnly(double y) {
    if (Double.isFinite(y)) {
      takePositive(y); // expect: realrange:argument
    }
  }

  // || proves neither side
  static void finiteOrPositive(double y) {
    if (Double.isFinite(y) || y > 0) {
      takeFinite(y); // expect: realrange:argument
    }
  }

  // a range is not a fact about another variable
  static void otherVariable(@Finite double x, @Finite double y) {
    if (x > 0) {
      takePositive(y); // expect: realrange:argument
    }
  }

  // a cast is not a check: (@PositiveReal double) x would be a second, unchecked door
  static void castIntoRange(double x, @Finite double y) {
    takePositive((@PositiveReal double) x); // expect: realrange:cast.unsafe
    @Probability double p = (@Probability double) y; // expect: realrange:cast.unsafe
  }
}
