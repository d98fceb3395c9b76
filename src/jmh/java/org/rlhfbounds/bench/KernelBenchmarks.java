package org.rlhfbounds.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;
import org.rlhfbounds.objective.UpperGram;

/**
 * JMH benchmarks of the kernels behind GA and the coverage constants, on a generated sphere
 * instance of M = n prompts, K candidates, dimension d: the full empirical gradient {@code
 * Sigma_S(w) u}, the objective {@code F_S(w)}, one streaming read of the feature array, the
 * assembly of {@code Sigma_S(0)}, its blocked kernel alone (one block of rows into the upper
 * triangle) and its symmetric eigenvalues. Run with {@code mvn -B -Pjmh
 * test-compile exec:exec} (see the README's Performance section for the parameters).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KernelBenchmarks {
  @Param({"20000"})
  public int prompts;

  @Param({"8"})
  public int candidates;

  @Param({"128"})
  public int dim;

  @Param({"0"})
  public int threads;

  private Objective objective;
  private Sample sample;
  private double[] w;
  private double[] u;
  private double[] out;
  private double[] zero;
  private DMatrixRMaj sigma;
  private double[][] blockRows;
  private double[] blockWeights;
  private double[][] gram;

  /** Generates the instance and the sample (every prompt once, in a random order). */
  @Setup
  public void setUp() {
    Instance inst = InstanceSpec.of(Family.SPHERE, prompts, candidates, dim, 1.0, 1).finite();
    FiniteDistribution dist = (FiniteDistribution) inst.distribution();
    sample = Sample.ofIndices(dist, dist.sampleIndices(prompts, new SplittableRandom(2)));
    Objective o = Objective.of(inst);
    objective = threads > 0 ? o.withThreads(threads) : o;
    w = inst.wRef();
    double[] ws = inst.wStar();
    u = new double[dim];
    for (int j = 0; j < dim; j++) {
      u[j] = inst.beta() * (ws[j] - w[j]);
    }
    out = new double[dim];
    zero = new double[dim];
    sigma = objective.covariance(sample, zero);
    // one block of the assembly: 2^15 values of the sample's rows, uniform weights
    int count = Math.max(1, (1 << 17) / dim);
    double[] flat = java.util.Arrays.copyOf(sample.prompts().data(), count * dim);
    blockRows = new double[count][];
    for (int q = 0; q < count; q++) {
      blockRows[q] = java.util.Arrays.copyOfRange(flat, q * dim, q * dim + dim);
    }
    blockWeights = new double[count];
    java.util.Arrays.fill(blockWeights, 1.0 / count);
    gram = new double[dim][dim];
  }

  /** The full empirical gradient in GA's closed form, {@code Sigma_S(w) u}. */
  @Benchmark
  public double[] gradient() {
    objective.covarianceApply(sample, w, u, out);
    return out;
  }

  /** The empirical objective {@code F_S(w)} (GA's per-step instrumentation). */
  @Benchmark
  public double objectiveValue() {
    return objective.value(sample, w);
  }

  /** One streaming read of the sample's feature array (the memory floor of a full pass). */
  @Benchmark
  public double streamingRead() {
    double s = 0;
    for (double x : sample.prompts().data()) {
      s += x;
    }
    return s;
  }

  /** {@code Sigma_S(0)}, the uniform-policy covariance that decides the kernel. */
  @Benchmark
  public DMatrixRMaj covariance() {
    return objective.covariance(sample, zero);
  }

  /**
   * The assembly's blocked kernel alone: one block of {@code 2^17} row values into the upper
   * triangle of a {@code d x d} output, one thread (the assembly runs its row tiles in parallel).
   */
  @Benchmark
  public double[][] assemblyKernel() {
    UpperGram.add(blockRows, blockWeights, blockWeights.length, dim, 0, dim, gram);
    return gram;
  }

  /** The symmetric eigenvalues of {@code Sigma_S(0)} (EJML, no vectors). */
  @Benchmark
  public void eigenvalues(Blackhole bh) {
    EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_DDRM.eig(dim, false, true);
    bh.consume(e.decompose(sigma.copy()));
    bh.consume(e.getEigenvalue(0));
  }
}
