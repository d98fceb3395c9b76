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
