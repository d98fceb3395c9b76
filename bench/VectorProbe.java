// How far SIMD would take GA's step (README, "GA's step in two passes"): the two passes of
// PromptKernels.covarianceApply on random data, as plain scalar loops (the shipped arithmetic, without
// the library's index checks) and with the incubating Vector API (jdk.incubator.vector, the
// platform's preferred lane count, features read in place), two threads, 15 timed runs after 10.
// Not part of the build: the library does not use the incubator module.
//   java -Xmx4g --add-modules jdk.incubator.vector bench/VectorProbe.java M K d
// -Dfewer=true takes the probabilities from the softmax's own exponentials (one exp fewer a
// candidate). Prints "scalar|vector M K d lanes: median (min..max)" twice, alternating.
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

public final class VectorProbe {
  static boolean FEWER = Boolean.getBoolean("fewer");
  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  static void scalar(double[] data, int row0, int k, int d, double[] w, double[] v, double weight,
      double[] out, double[][] rows, double[] z, double[] t, double[] p) {
    for (int a = 0; a < k; a++) System.arraycopy(data, (row0 + a) * d, rows[a], 0, d);
    double[] f = rows[0];
    for (int a = 0; a + 3 < k; a += 4) {
      double[] r0 = rows[a], r1 = rows[a + 1], r2 = rows[a + 2], r3 = rows[a + 3];
      double z0 = 0, z1 = 0, z2 = 0, z3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      for (int j = 0; j < d; j++) {
        double wj = w[j], vj = v[j], fj = f[j];
        double x0 = r0[j], x1 = r1[j], x2 = r2[j], x3 = r3[j];
        z0 += wj * x0; z1 += wj * x1; z2 += wj * x2; z3 += wj * x3;
        t0 += vj * (x0 - fj); t1 += vj * (x1 - fj); t2 += vj * (x2 - fj); t3 += vj * (x3 - fj);
      }
      z[a] = z0; z[a + 1] = z1; z[a + 2] = z2; z[a + 3] = z3;
      t[a] = t0; t[a + 1] = t1; t[a + 2] = t2; t[a + 3] = t3;
    }
    int m = finish(k, weight, z, t, p);
    double[] rm = rows[m];
    for (int q = 0; q < k - 1; q += 4) {
      int a0 = other(q, m, k - 1), a1 = other(q + 1, m, k - 1), a2 = other(q + 2, m, k - 1), a3 = other(q + 3, m, k - 1);
      double[] r0 = rows[a0], r1 = rows[a1], r2 = rows[a2], r3 = rows[a3];
      double c0 = t[a0], c1 = t[a1], c2 = t[a2], c3 = t[a3];
      for (int j = 0; j < d; j++) {
        double x = rm[j];
        out[j] += c0 * (r0[j] - x) + c1 * (r1[j] - x) + c2 * (r2[j] - x) + c3 * (r3[j] - x);
      }
    }
  }

  static void vector(double[] data, int row0, int k, int d, double[] w, double[] v, double weight,
      double[] out, double[] z, double[] t, double[] p) {
    int f0 = row0 * d;
    int L = S.length();
    for (int a = 0; a + 3 < k; a += 4) {
      int b0 = (row0 + a) * d, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d;
      DoubleVector z0 = DoubleVector.zero(S), z1 = z0, z2 = z0, z3 = z0, t0 = z0, t1 = z0, t2 = z0, t3 = z0;
      for (int j = 0; j < d; j += L) {
        DoubleVector wj = DoubleVector.fromArray(S, w, j), vj = DoubleVector.fromArray(S, v, j);
        DoubleVector fj = DoubleVector.fromArray(S, data, f0 + j);
        DoubleVector x0 = DoubleVector.fromArray(S, data, b0 + j), x1 = DoubleVector.fromArray(S, data, b1 + j);
        DoubleVector x2 = DoubleVector.fromArray(S, data, b2 + j), x3 = DoubleVector.fromArray(S, data, b3 + j);
        z0 = x0.fma(wj, z0); z1 = x1.fma(wj, z1); z2 = x2.fma(wj, z2); z3 = x3.fma(wj, z3);
        t0 = x0.sub(fj).fma(vj, t0); t1 = x1.sub(fj).fma(vj, t1); t2 = x2.sub(fj).fma(vj, t2); t3 = x3.sub(fj).fma(vj, t3);
      }
      z[a] = z0.reduceLanes(VectorOperators.ADD); z[a + 1] = z1.reduceLanes(VectorOperators.ADD);
      z[a + 2] = z2.reduceLanes(VectorOperators.ADD); z[a + 3] = z3.reduceLanes(VectorOperators.ADD);
      t[a] = t0.reduceLanes(VectorOperators.ADD); t[a + 1] = t1.reduceLanes(VectorOperators.ADD);
      t[a + 2] = t2.reduceLanes(VectorOperators.ADD); t[a + 3] = t3.reduceLanes(VectorOperators.ADD);
    }
    int m = finish(k, weight, z, t, p);
    int bm = (row0 + m) * d;
    for (int q = 0; q < k - 1; q += 4) {
      int a0 = other(q, m, k - 1), a1 = other(q + 1, m, k - 1), a2 = other(q + 2, m, k - 1), a3 = other(q + 3, m, k - 1);
      int b0 = (row0 + a0) * d, b1 = (row0 + a1) * d, b2 = (row0 + a2) * d, b3 = (row0 + a3) * d;
      double c0 = t[a0], c1 = t[a1], c2 = t[a2], c3 = t[a3];
      for (int j = 0; j < d; j += L) {
        DoubleVector x = DoubleVector.fromArray(S, data, bm + j);
        DoubleVector s = DoubleVector.fromArray(S, data, b0 + j).sub(x).mul(c0)
            .add(DoubleVector.fromArray(S, data, b1 + j).sub(x).mul(c1))
            .add(DoubleVector.fromArray(S, data, b2 + j).sub(x).mul(c2))
            .add(DoubleVector.fromArray(S, data, b3 + j).sub(x).mul(c3));
        DoubleVector.fromArray(S, out, j).add(s).intoArray(out, j);
      }
    }
  }

  static int other(int q, int m, int others) { return q >= others ? m : q < m ? q : q + 1; }

  static int finish(int k, double weight, double[] z, double[] t, double[] p) {
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < k; a++) max = Math.max(max, z[a]);
    double sum = 0;
    for (int a = 0; a < k; a++) { p[a] = Math.exp(z[a] - max); sum += p[a]; }
    double lse = max + Math.log(sum);
    int m = 0;
    double inv = 1 / sum;
    for (int a = 0; a < k; a++) { p[a] = FEWER ? p[a] * inv : Math.exp(z[a] - lse); if (p[a] > p[m]) m = a; }
    double tm = t[m], tbar = 0;
    for (int a = 0; a < k; a++) { t[a] = a == m ? 0 : t[a] - tm; tbar += p[a] * t[a]; }
    for (int a = 0; a < k; a++) t[a] = a == m ? 0 : weight * p[a] * (t[a] - tbar);
    return m;
  }

  public static void main(String[] args) throws Exception {
    int M = Integer.parseInt(args[0]), K = Integer.parseInt(args[1]), d = Integer.parseInt(args[2]);
    int threads = 2;
    SplittableRandom r = new SplittableRandom(1);
    double[] data = new double[M * K * d];
    for (int i = 0; i < data.length; i++) data[i] = r.nextGaussian() / Math.sqrt(d);
    double[] w = new double[d], v = new double[d];
    for (int j = 0; j < d; j++) { w[j] = r.nextGaussian(); v[j] = r.nextGaussian(); }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (String kind : new String[] {"scalar", "vector", "scalar", "vector"}) {
      boolean vec = kind.equals("vector");
      Callable<double[]>[] parts = new Callable[threads];
      for (int th = 0; th < threads; th++) {
        int lo = th * M / threads, hi = (th + 1) * M / threads;
        parts[th] = () -> {
          double[] out = new double[d];
          double[][] rows = new double[K][d];
          double[] z = new double[K], t = new double[K], p = new double[K];
          for (int i = lo; i < hi; i++) {
            if (vec) vector(data, i * K, K, d, w, v, 1.0 / M, out, z, t, p);
            else scalar(data, i * K, K, d, w, v, 1.0 / M, out, rows, z, t, p);
          }
          return out;
        };
      }
      double[] times = new double[15];
      for (int rep = -10; rep < 15; rep++) {
        long s = System.nanoTime();
        for (Future<double[]> f : pool.invokeAll(Arrays.asList(parts))) f.get();
        if (rep >= 0) times[rep] = (System.nanoTime() - s) * 1e-6;
      }
      Arrays.sort(times);
      System.out.printf("%s M=%d K=%d d=%d lanes=%d: median %.2f ms (%.2f..%.2f)%n", kind, M, K, d, S.length(), times[7], times[0], times[14]);
    }
    pool.shutdown();
  }
}
