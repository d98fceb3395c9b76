package org.rlhfbounds.contracts.rounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.contracts.rounding.BigRef.Enclosure;

/**
 * Checks of the test reference itself: published constants to 90 digits, functional identities at
 * high precision, and agreement with {@code java.lang.Math} to its documented 1 ulp (a wrong
 * reference would make the rounding properties meaningless).
 */
class BigRefTest {

  private static final MathContext D90 = new MathContext(90);

  /** ln 2, e and ln 10 to 110 digits (OEIS A002162, A001113, A002392). */
  private static final String LN2 =
      "0.693147180559945309417232121458176568075500134360255254"
          + "12068000949339362196969471560586332699641868754200148102";

  private static final String E =
      "2.718281828459045235360287471352662497757247093699959574"
          + "9669676277240766303535475945713821785251664274274663919";

  private static final String LN10 =
      "2.302585092994045684017991454684364207601101488628772976"
          + "0333279009675726096773524802359972050895982983419677840";

  @Test
  void publishedConstants() {
    assertEquals(0, new BigDecimal(LN2).round(D90).compareTo(BigRef.LN2.round(D90)));
    BigDecimal e = BigRef.expBig(BigDecimal.ONE, BigRef.MC);
    assertEquals(0, new BigDecimal(E).round(D90).compareTo(e.round(D90)));
    BigDecimal ln10 = BigRef.logBig(BigDecimal.TEN, BigRef.MC);
    assertEquals(0, new BigDecimal(LN10).round(D90).compareTo(ln10.round(D90)));
  }

  @Test
  void identities() {
    // exp(log z) = z and log(exp t) = t to 90 digits, over a spread of magnitudes
    for (String z : new String[] {"1e-300", "0.001", "0.75", "1.000000000001", "3", "1e300"}) {
      BigDecimal v = new BigDecimal(z);
      BigDecimal back = BigRef.expBig(BigRef.logBig(v, BigRef.MC), BigRef.MC);
      assertEquals(0, v.round(D90).compareTo(back.round(D90)), z + " came back as " + back);
    }
    for (String t : new String[] {"-700", "-1", "1e-20", "0.3", "5", "709"}) {
      BigDecimal v = new BigDecimal(t);
      BigDecimal back = BigRef.logBig(BigRef.expBig(v, BigRef.MC), BigRef.MC);
      assertTrue(back.subtract(v).abs().compareTo(new BigDecimal("1e-88")) < 0, t);
    }
  }

  @Test
  void agreesWithJavaLangMathWithinOneUlp() {
    qt().withExamples(ArithmeticRoundingTest.EXAMPLES)
        .forAll(Gens.expArgs().map(x -> Math.max(-740, Math.min(709, x))), Gens.logArgs())
        .checkAssert(
            (x, y) -> {
              within1Ulp(Math.exp(x), BigRef.exp(x), "exp " + x);
              within1Ulp(Math.log(y), BigRef.log(y), "log " + y);
              within1Ulp(Math.log1p(y), BigRef.log1p(y), "log1p " + y);
            });
  }

  private static void within1Ulp(double m, Enclosure e, String what) {
    // the exact value must lie between the neighbours of Math's result
    assertTrue(Boolean.TRUE.equals(e.isAtMost(Math.nextDown(m))), what);
    assertTrue(Boolean.TRUE.equals(e.isAtLeast(Math.nextUp(m))), what);
  }
}
