package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CompensatedDot} against exact ({@code BigDecimal}) arithmetic: both enclosures (the
 * compensated one, and the plain one where it is within {@code 2^-26} of the value) contain
 * {@code <x - y, phi_a - phi_0>} on inputs built to cancel (x within a few ulps of y, rows with a
 * common offset up to 1e12 and differences down to 1e-12, products near the underflow threshold),
 * and its radius is second order: at most {@code 6u |exact|} (2u and the outward rounding) plus
 * {@code 2 (10n + 8)(n + 4) u^2} times the sum of the absolute products, where a plain dot
 * product's radius is {@code gamma_{2n+8}}, first order, times that sum.
 */
class CompensatedDotTest {
  private static final double U = 0x1p-53;

  @Test
  void enclosesTheExactValueWithASecondOrderRadius() {
    SplittableRandom r = new SplittableRandom(0xC0DEL);
    int cases = 0;
    int cancelling = 0;
    for (int shape = 0; shape < 6; shape++) {
      for (int n : new int[] {1, 2, 3, 8, 17, 128}) {
        for (int rep = 0; rep < 40; rep++) {
          double[] x = new double[n + 2];
          double[] y = new double[n];
          double[] data = new double[3 * n + 1];
          double offset = shape == 1 || shape == 4 ? Math.pow(10, r.nextInt(13)) : 0;
          double spread = shape >= 2 ? Math.pow(10, -r.nextInt(13)) : 1;
          double scale = shape == 5 ? 0x1p-500 : 1;
          int xOff = rep % 3;
          for (int j = 0; j < n; j++) {
            double o = offset * r.nextGaussian();
            data[1 + j] = scale * (o + r.nextGaussian());
            data[1 + 2 * n + j] = scale * (o + spread * r.nextGaussian());
            y[j] = r.nextGaussian();
            // x within a few ulps of y (shape 3, 4), or independent
            x[xOff + j] =
                shape == 3 || shape == 4
                    ? y[j] + r.nextInt(-4, 5) * Math.ulp(y[j])
                    : scale * r.nextGaussian();
          }
          boolean withY = rep % 2 == 0 || shape == 3 || shape == 4;
          if (rep % 4 == 1 && n >= 2) {
            // the last coordinate cancels the others up to the rounding of one division: |exact|
            // about u times the sum of the absolute products
            BigDecimal partial = BigDecimal.ZERO;
            for (int j = 0; j < n - 1; j++) {
              BigDecimal dx = new BigDecimal(x[xOff + j]);
              if (withY) {
                dx = dx.subtract(new BigDecimal(y[j]));
              }
              partial =
                  partial.add(
                      dx.multiply(
                          new BigDecimal(data[1 + 2 * n + j]).subtract(new BigDecimal(data[1 + j]))));
            }
            double last = data[1 + 2 * n + n - 1] - data[1 + n - 1];
            x[xOff + n - 1] = -partial.doubleValue() / last + (withY ? y[n - 1] : 0);
          }
          Enclosure e =
              CompensatedDot.compensated(x, xOff, withY ? y : null, data, 1 + 2 * n, 1, n);
          Enclosure adaptive =
              CompensatedDot.centred(x, xOff, withY ? y : null, data, 1 + 2 * n, 1, n);
          BigDecimal exact = BigDecimal.ZERO;
          double absProducts = 0;
          for (int j = 0; j < n; j++) {
            BigDecimal dx = new BigDecimal(x[xOff + j]);
            if (withY) {
              dx = dx.subtract(new BigDecimal(y[j]));
            }
            BigDecimal dc =
                new BigDecimal(data[1 + 2 * n + j]).subtract(new BigDecimal(data[1 + j]));
            exact = exact.add(dx.multiply(dc));
            absProducts += Math.abs(dx.doubleValue() * dc.doubleValue());
          }
          String at = "shape " + shape + " n = " + n + " rep " + rep + ": " + e + " vs " + exact;
          assertTrue(
              new BigDecimal(e.lo()).compareTo(exact) <= 0
                  && exact.compareTo(new BigDecimal(e.hi())) <= 0,
              at);
          assertTrue(
              new BigDecimal(adaptive.lo()).compareTo(exact) <= 0
                  && exact.compareTo(new BigDecimal(adaptive.hi())) <= 0,
              "adaptive " + adaptive + ", " + at);
          double radius = Math.max(e.hi() - e.mid(), e.mid() - e.lo());
          double v = Math.abs(exact.doubleValue());
          double second =
              6 * U * v + 2.0 * (10 * n + 8) * (n + 4) * U * U * absProducts
                  + 1e4 * Double.MIN_VALUE;
          assertTrue(radius <= second, at + ", radius " + radius);
          // the plain enclosure only where it loses less than 26 bits
          double adaptiveRadius =
              Math.max(adaptive.hi() - adaptive.mid(), adaptive.mid() - adaptive.lo());
          assertTrue(
              adaptiveRadius <= Math.max(0x1p-26 * v * (1 + 1e-6) + 4 * Math.ulp(v), second),
              at + ", adaptive radius " + adaptiveRadius);
          if (v < 1e-6 * absProducts) {
            cancelling++;
          }
          cases++;
        }
      }
    }
    assertEquals(6 * 6 * 40, cases);
    assertTrue(cancelling >= 150, "inputs that cancel: " + cancelling);
  }
}
