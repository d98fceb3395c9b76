package org.rlhfbounds.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.checkerframework.checker.nullness.qual.MonotonicNonNull;
import org.ejml.data.DMatrixRMaj;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.objective.Coverage;
import org.rlhfbounds.objective.Objective;

/**
 * A generated instance with a finite population, its declared properties (coverage class, rank
 * {@code r}, feature bound {@code B}, target {@code kappa / lambda_max}) and its exact answers: the
 * optimum {@code w* = w_ref + theta* / beta}, {@code F(w*)}, {@code F} and {@code grad F} at any
 * {@code w}, the kernel {@code N} and {@code kappa} of the population (proofs/MODEL.md#model).
 * "Exact" means computed on the whole finite population by {@link Objective} (no sampling); the
 * kernel and {@code kappa} are those of {@link Coverage#ofSample} on the population.
 *
 * <p>The kernel is computed with the instance; {@link #optimum}, {@link #kappa} and {@link
 * #lambdaMax} once, on first use. Thread-safe: immutable apart from that cache, which is guarded.
 */
public final class KitInstance {
  private final InstanceShape shape;
  private final Instance instance;
  private final FiniteDistribution population;
  private final Objective objective;
  private final Coverage split;
  private @MonotonicNonNull Answers answers;

  /** The coverage answers. */
  private static final class Answers {
    final double kappa;
    final double lambdaMax;
    final double optimum;

    Answers(double kappa, double lambdaMax, double optimum) {
      this.kappa = kappa;
      this.lambdaMax = lambdaMax;
      this.optimum = optimum;
    }
  }

  KitInstance(InstanceShape shape, Instance instance) {
    FiniteDistribution fd = instance.finiteDistribution();
    if (fd == null) {
      throw new IllegalArgumentException("instance: a finite prompt distribution is required");
    }
    this.shape = shape;
    this.instance = instance;
    this.population = fd;
    this.objective = Objective.of(instance);
    this.split = Coverage.ofSample(objective, fd);
  }

  /** The population's coverage split (its kernel). */
  Coverage split() {
    return split;
  }

  /**
   * Returns the shape it was built from (rebuilding it gives an equal instance).
   *
   * @return the shape
   */
  public InstanceShape shape() {
    return shape;
  }

  /**
   * Returns the instance.
   *
   * @return the instance
   */
  public Instance instance() {
    return instance;
  }

  /**
   * Returns the finite population (random positive weights).
   *
   * @return the population
   */
  public FiniteDistribution population() {
    return population;
  }

  /**
   * Returns the objective of the instance.
   *
   * @return the objective
   */
  public Objective objective() {
    return objective;
  }

  /**
   * Returns the declared coverage class.
   *
   * @return the class
   */
  public CoverageClass coverage() {
    return shape.coverage();
  }

  /**
   * Returns the declared rank {@code r}: the population's candidate differences span an {@code
   * r}-dimensional space, {@code dim N = d - r}.
   *
   * @return r
   */
  public int rank() {
    return shape.rank();
  }

  /**
   * Returns the dimension d.
   *
   * @return d
   */
  public int dim() {
    return shape.dim();
  }

  /**
   * Returns the declared feature bound B (every {@code ||phi(x, a)|| <= B}).
   *
   * @return B
   */
  public double featureBound() {
    return instance.featureBound();
  }

  /**
   * Returns {@code w* = w_ref + theta* / beta}, the maximiser of F and of every {@code F_S}.
   *
   * @return a new array
   */
  public double[] wStar() {
    return instance.wStar();
  }

  /**
   * Returns {@code F(w*)}, the population optimum.
   *
   * @return the optimum value
   */
  public double optimum() {
    return answers().optimum;
  }

  /**
   * Returns {@code F(w) = E_x [E_{pi_w} r* - beta KL(pi_w || pi_ref)]} over the population.
   *
   * @param w the parameter, length d
   * @return F(w)
   * @throws IllegalArgumentException if {@code w} has the wrong length or a non-finite entry
   */
  public double value(double[] w) {
    return objective.value(population, w);
  }

  /**
   * Returns {@code grad F(w)} over the population.
   *
   * @param w the parameter, length d
   * @return a new array
   * @throws IllegalArgumentException if {@code w} has the wrong length or a non-finite entry
   */
  public double[] gradient(double[] w) {
    return objective.gradient(population, w);
  }

  /**
   * Returns an orthonormal basis of the kernel {@code N} of the population, row-major: {@code
   * (d - r) x d} (empty when coverage is full).
   *
   * @return a new array
   */
  public double[] kernelBasis() {
    double[] v = split.eigenvectors();
    int n = split.kernelDim() * dim();
    if (n < 0) {
      throw new AssertionError("negative kernel size " + n);
    }
    double[] out = new double[n];
    for (int k = 0; k < out.length && k < v.length; k++) {
      out[k] = v[k];
    }
    return out;
  }

  /**
   * Returns the projection of {@code v} onto the kernel {@code N} of the population.
   *
   * @param v a vector of length d (not modified)
   * @return a new array
   */
  public double[] kernelPart(double[] v) {
    return split.kernelPart(v);
  }

  /**
   * Returns {@code kappa}: the smallest eigenvalue of the population's {@code Sigma(w*)} on the
   * complement of the kernel.
   *
   * @return kappa
   */
  public double kappa() {
    return answers().kappa;
  }

  /**
   * Returns {@code lambda_max} of the population's {@code Sigma(w*)}.
   *
   * @return lambda max
   */
  public double lambdaMax() {
    return answers().lambdaMax;
  }

  /**
   * A starting point {@code w0} at distance {@code distance} from {@code w*}, in a uniform
   * direction (up to the rounding of {@code w* + distance u}).
   *
   * @param distance {@code ||w0 - w*||}, finite and {@code >= 0}
   * @param rng the source (not shared between threads while in use)
   * @return a new array
   * @throws IllegalArgumentException if {@code distance} is negative, NaN or infinite
   */
  public double[] start(double distance, RandomGenerator rng) {
    return RandomVectors.onSphere(rng, instance.wStar(), distance);
  }

  /**
   * Strictly simpler instances of the same declared class ({@link InstanceShape#simpler()}).
   *
   * @return the candidates, most simplifying first
   */
  public List<KitInstance> shrink() {
    List<KitInstance> out = new ArrayList<>();
    for (InstanceShape s : shape.simpler()) {
      out.add(s.build());
    }
    return out;
  }

  private synchronized Answers answers() {
    Answers a = answers;
    if (a == null) {
      double[] ws = instance.wStar();
      DMatrixRMaj sigma = objective.covariance(population, ws);
      a =
          new Answers(
              split.rangeMinimum(sigma),
              Coverage.of(sigma).lambdaMax(),
              objective.value(population, ws));
      answers = a;
    }
    return a;
  }

  @Override
  public String toString() {
    return shape.toString();
  }
}
