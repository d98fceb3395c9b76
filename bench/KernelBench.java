// The Java side of bench/run.sh, run with the source launcher:
//   java -cp target/rlhf-bounds.jar bench/KernelBench.java DIR REPS [THREADS]
// Prints "name seconds" lines (medians of REPS, after warm-up runs: at least REPS of them and at
// least one second of them, so that the JIT compiler has compiled each kernel) for the kernels that
// bench/numpy_baseline.py times on the same files: the full empirical gradient at w_ref, one
// streaming read of the sample's feature rows (a float32 block a prompt at a time, widened as the
// kernels read it), Sigma_S(0), its symmetric eigen-decomposition (EJML's default solver, with and
// without vectors) and the coverage decision on it (Coverage.of: eigenvalues only).
import java.nio.file.Path;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.model.io.InstanceFile;
import org.rlhfbounds.model.io.SampleFile;
import org.rlhfbounds.objective.Coverage;
import org.rlhfbounds.objective.Objective;

public final class KernelBench {
  interface Body {
    void run() throws Exception;
  }

  static double median(int reps, Body b) throws Exception {
    long start = System.nanoTime();
    for (int r = 0; r < reps || System.nanoTime() - start < 1_000_000_000L; r++) {
      b.run();
    }
    double[] t = new double[reps];
    for (int r = 0; r < reps; r++) {
      long s = System.nanoTime();
      b.run();
      t[r] = (System.nanoTime() - s) * 1e-9;
    }
    Arrays.sort(t);
    return reps % 2 == 1 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
  }

  static double sink;

  /** EJML's symmetric eigen-decomposition of a copy, with or without the vectors. */
  static void eigen(DMatrixRMaj sigma, boolean vectors) {
    EigenDecomposition_F64<DMatrixRMaj> e =
        DecompositionFactory_DDRM.eig(sigma.numRows, vectors, true);
    if (!e.decompose(sigma.copy())) {
      throw new IllegalStateException("eigen-decomposition failed");
    }
    sink += e.getEigenvalue(0).getReal();
  }

  private static Sample contiguous(Sample read) throws Exception {
    try {
      return (Sample) Sample.class.getMethod("contiguous").invoke(read);
    } catch (NoSuchMethodException e) {
      return read; // a build before sample views: SampleFile.read already copied
    }
  }

  private static double sum8(double[] x, int from, int to) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int p = from;
    for (; p + 8 <= to; p += 8) {
      s0 += x[p];
      s1 += x[p + 1];
      s2 += x[p + 2];
      s3 += x[p + 3];
      s4 += x[p + 4];
      s5 += x[p + 5];
      s6 += x[p + 6];
      s7 += x[p + 7];
    }
    for (; p < to; p++) {
      s0 += x[p];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int reps = Integer.parseInt(args[1]);
    Instance inst = InstanceFile.read(dir.resolve("instance.json"));
    Sample read = SampleFile.read(dir.resolve("sample.json"), (FiniteDistribution) inst.distribution());
    // a sample read by index is a view on the population; train copies it for runs of many steps,
    // and the kernels are timed on that contiguous copy (by reflection: older builds copy anyway)
    Sample s = contiguous(read);
    Objective o = Objective.of(inst);
    if (args.length > 2) {
      // by reflection, so that the harness also runs against builds without the method
      o = (Objective) Objective.class.getMethod("withThreads", int.class)
          .invoke(o, Integer.parseInt(args[2]));
    }
    Objective obj = o;
    int d = inst.dim();
    double[] w = inst.wRef();
    double[] ws = inst.wStar();
    double[] u = new double[d];
    for (int j = 0; j < d; j++) {
      u[j] = inst.beta() * (ws[j] - w[j]);
    }
    double[] g = new double[d];
    Features pf = s.prompts();
    // a float32 block is read as the kernels read it: a prompt at a time, widened (exact)
    double[] data = pf.isFloat32() ? new double[0] : pf.data();
    double[] scratch = new double[pf.maxCandidates() * d];
    System.out.printf("gradient %.6f%n", median(reps, () -> obj.covarianceApply(s, w, u, g)));
    System.out.printf("objective %.6f%n", median(reps, () -> sink += obj.value(s, w)));
    System.out.printf(
        "read %.6f%n",
        median(
            reps,
            () -> {
              double t = 0;
              if (pf.isFloat32()) {
                for (int i = 0; i < pf.size(); i++) {
                  pf.widenRows(i, scratch);
                  for (int p = 0, n = pf.candidates(i) * d; p < n; p++) {
                    t += scratch[p];
                  }
                }
              }
              for (double x : data) {
                t += x;
              }
              sink += t;
            }));
    // the same array read by the gradient's thread count, each thread with eight sums in flight: a
    // bound on how fast the memory delivers the features (the read above is one sum's latency);
    // float64 blocks only (a float32 block has no array of doubles to read)
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    if (!pf.isFloat32()) {
      System.out.printf(
          "read_parallel %.6f%n",
          median(
              reps,
              () -> {
                java.util.List<java.util.concurrent.Future<Double>> fs = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                  int from = (int) ((long) data.length * t / threads);
                  int to = (int) ((long) data.length * (t + 1) / threads);
                  fs.add(pool.submit(() -> sum8(data, from, to)));
                }
                try {
                  for (java.util.concurrent.Future<Double> f : fs) {
                    sink += f.get();
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    pool.shutdown();
    double[] zero = new double[d];
    DMatrixRMaj[] sigma = new DMatrixRMaj[1];
    System.out.printf("sigma %.6f%n", median(reps, () -> sigma[0] = obj.covariance(s, zero)));
    System.out.printf("eigen %.6f%n", median(reps, () -> eigen(sigma[0], false)));
    System.out.printf("eigen_vectors %.6f%n", median(reps, () -> eigen(sigma[0], true)));
    // what the coverage decision computes: the eigenvalues only (blocked from d = 512 on)
    System.out.printf("coverage %.6f%n", median(reps, () -> sink += Coverage.of(sigma[0]).kappa()));
    if (sink == 42) {
      System.out.println();
    }
  }
}
