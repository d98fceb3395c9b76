import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.contracts.qual.Probability;

/**
 * Arithmetic leaves every range: overflow, underflow, cancellation, sign, division by zero,
 * narrowing. Each line names a value that breaks the claim.
 */
class RangeArithmetic {
  // Double.MAX_VALUE + Double.MAX_VALUE is +infinity
  static @PositiveReal double sum(@PositiveReal double a, @PositiveReal double b) {
    return a + b; // expect: realrange:return
  }

  // 0.5 - 1 is negative
  static @PositiveReal double difference(@PositiveReal double a, @PositiveReal double b) {
    return a - b; // expect: realrange:return
  }

  // Double.MIN_VALUE * 0.5 is 0
  static @PositiveReal double product(@PositiveReal double a, @PositiveProbability double b) {
    return a * b; // expect: realrange:return
  }

  // 2.0 / 0.5 is 4
  static @Probability double quotient(@Probability double a, @PositiveProbability double b) {
    return a / b; // expect: realrange:return
  }

  // -0.5 is negative
  static @PositiveReal double negation(@PositiveReal double a) {
    return -a; // expect: realrange:return
  }

  // 1.0 / 0 is +infinity, made only of literals
  static @Probability double infinity() {
    return 1.0 / 0; // expect: realrange:return
  }

  // 0.0 / 0.0 is NaN, made only of literals
  static @Probability double notANumber() {
    return 0.0 / 0.0; // expect: realrange:return
  }

  // a -= 1 on a = 0.5 is negative
  static void compound(@PositiveReal double a) {
    a -= 1; // expect: realrange:compound.assignment
  }

  // a-- on a = 0.5 is negative
  static void decrement(@PositiveReal double a) {
    a--; // expect: realrange:unary.decrement
  }

  // (long) 0.5 is 0
  static @PositiveReal long truncated(@PositiveReal double a) {
    return (long) a; // expect: realrange:return
  }

  // (float) 1e300 is +infinity
  static @PositiveReal float narrowed(@PositiveReal double a) {
    return (float) a; // expect: realrange:return
  }
}
