package org.rlhfbounds.bounds;

import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.learners.Algorithm;

/**
 * T-POST (proofs/T-POST.md): a-posteriori certificates at the selected iterate w, from its own
 * gradient and curvature ({@link PosteriorCertificate}), without {@code ||w - w*||}. With {@code u
 * = w*_d - w} towards the instance's double w*, {@code G >= ||beta Sigma_S(w) u||}, {@code lambda <=
 * lambda_min(P_R Sigma_S(w) P_R)}, {@code ell = diam mu / 4}, {@code ell' = min(ell,
 * sqrt(lambda_max(Sigma_S(w))) mu / 2)}, {@code q >= ||P_U u||} (0 under full coverage) and {@code s
 * >= ||w*_d - w*||}:
 *
 * <pre>
 *   ||P_R u|| <= r = (G + beta ell' q) / (beta lambda),   ||P_R (w* - w)|| <= r + s,
 *   beta E_S KL(pi_w || pi_{w*_d}) <= min(beta phi(X) Q^2, beta (diam r + mu q)^2 / 8),
 *   Q = sqrt((r G + beta ell q (r + q)) / beta),   X = diam r + mu q,
 * </pre>
 *
 * {@code phi(X) = (e^X - 1 - X)/X^2} ({@code 1/2} at 0; generalized self-concordance, Bach 2010,
 * doi:10.1214/09-EJS521); the left side is the measured optimisation error {@code F_S(w*) -
 * F_S(w)} (proofs/MEASURE.md). Under full coverage, for a finite population with
 * {@code Sigma_D(w) <= c Sigma_S(w)} certified: {@code F(w*) - F(w) <= min(beta phi(diam r) c Q^2,
 * beta diam^2 r^2 / 8)}; with a kernel and {@code c_R} certified on the covered part R, {@code
 * beta phi(diam r + mu_D q) (sqrt(c_R) (Q + mu q / 2) + k_U)^2} ({@code k_U = q
 * min(sqrt(eps_n) / 2, sqrt(lambda_max of Sigma_D(w) on U))}; {@code mu_D} the
 * population's leakage into U), when smaller; otherwise {@code beta (diam r + q sqrt(eps_n))^2 / 8}
 * (LEMMA-K item 3).
 *
 * <p>Values are rounded up (an infinite value is reported as not representable). Thread-safe:
 * stateless.
 */
public final class PosteriorCertificateTheorem extends AbstractTheorem {
  /** The registered instance. */
  public static final PosteriorCertificateTheorem INSTANCE = new PosteriorCertificateTheorem();

  private static final String ID = "T-POST";
  private static final String TITLE = "A-posteriori certificate from the iterate's gradient";
  private static final String AT = " at the selected iterate (from its gradient and curvature)";

  private PosteriorCertificateTheorem() {
    super(ID, Kind.A_POSTERIORI);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Empty when the run carries no certificate ({@link Measured#posterior}); else the
   * optimisation error and the excess risk at the selected iterate, with their measured values.
   */
  @Override
  @Theorem("T-POST")
  public List<BoundResult> evaluate(BoundContext run) {
    PosteriorCertificate c = run.measured().posterior();
    if (c == null) {
      return List.of();
    }
    BoundInputs in = run.inputs();
    Kernel k = kernel(in, c, run.algorithm(), run.step(), run.steps());
    return List.of(
        optimisation(in, c, k.q(), k.assumption()).withMeasured(run.measured().optError()),
        excess(in, c, k.q(), k.assumption()).withMeasured(run.measured().excess()));
  }

  /** The bound q on the kernel part of the error and why it holds. */
  private record Kernel(@NonNegativeReal double q, Assumption assumption) {}

  /** q = 0 under full coverage, else the drift bound Q of the run (LEMMA-DRIFT). */
  private static Kernel kernel(
      BoundInputs in, PosteriorCertificate c, Algorithm alg, double step, int steps) {
    if (c.kernelDim() == 0) {
      return new Kernel(0, Assumption.of("kernel part", "U = {0}: the error has no kernel part",
          true, null, "full coverage"));
    }
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    boolean ga = alg == Algorithm.GA;
    double margin = ga ? 1 - Up.mul(step, lambdaBar) : 2 - Up.div(lambdaBar, 2 * step);
    Drift dr = Drift.of(in, alg, step, steps);
    Assumption a =
        Assumption.byMargin(
            "kernel part",
            "q = Q >= ||P_U e(w)|| (LEMMA-DRIFT): the run's step is non-expansive",
            margin,
            true,
            (ga ? "eta = " : "L = ") + step + ", dim U = " + c.kernelDim());
    return new Kernel(Reals.nonNegative(dr.q(), "Q"), a);
  }

  /** The radii of the certificate. */
  private record Radii(double r, double quad, double x, double cross) {}

  /**
   * {@code u^T Sigma_D u <= A^2 + 2 min(A k, cr) + k^2}, rounded up, with {@code A >= sqrt(a^T
   * Sigma_D a)}, {@code k >= sqrt(b^T Sigma_D b)} and {@code cr >= |a^T Sigma_D b|} (u = a + b; the
   * triangle inequality of the seminorm when {@code cr} is not smaller than {@code A k};
   * proofs/T-POST.md, "The cross term").
   */
  private static double kernelSquare(double covered, double kernel, double crossRU) {
    double ak = Up.mul(covered, kernel);
    double cr = crossRU < ak ? crossRU : ak; // A k when crossRU is NaN
    return Up.add(Up.add(Up.mul(covered, covered), Up.mul(2, cr)), Up.mul(kernel, kernel));
  }

  /**
   * {@code min(mu, sqrt(eps_S))}, rounded up: the leakage in the Popoviciu bound {@code sqrt(b^T
   * Sigma_S(w) b) <= q muVar / 2} of the kernel part (proofs/T-POST.md, "The quadratic form").
   */
  private static double varianceLeakage(PosteriorCertificate c) {
    double rms = Up.sqrt(c.sampleResidual());
    return rms < c.leakage() ? rms : c.leakage();
  }

  /**
   * Records the certificate's constants and assumptions; returns r (covered part of {@code u =
   * w*_d - w}, the double w*), Q and X; the constant {@code rExact = r + s} bounds the covered
   * part of the error with respect to the exact w*.
   */
  private static Radii radii(
      BoundResult.Builder b, BoundInputs in, PosteriorCertificate c, double q, Assumption kernel) {
    LemmaK.scale(b, in);
    double beta = in.beta();
    double g = c.gradientUpper();
    double s = c.slack();
    double mu = c.leakage();
    double ell = Up.div(Up.mul(in.diameter(), mu), 4);
    // sqrt(b^T Sigma_S(w) b) <= q muVar / 2 for b in U with ||b|| <= q: Popoviciu per prompt and
    // the sample average, muVar = sqrt(eps_S) <= mu
    double muVar = varianceLeakage(c);
    // ||Sigma_S(w) b|| for b in U with ||b|| <= q: at most ell q (LEMMA-K item 6), and at most
    // sqrt(lambda_max) sqrt(b^T Sigma b) <= sqrt(lambda_max) muVar q / 2 (Cauchy-Schwarz)
    double cs = Up.div(Up.mul(Up.sqrt(c.sampleLambdaMax()), muVar), 2);
    double cross = cs < ell ? cs : ell; // ell when cs is NaN
    b.constant("cross", cross);
    b.constant("gradComputed", c.gradientComputed()).constant("G", g)
        .constant("gradAllowance", Up.sub(g, c.gradientComputed()))
        .constant("s", s).constant("q", q).constant("mu", mu).constant("muVar", muVar);
    b.assume(
        Assumption.of(
            "gradient",
            "G bounds ||beta Sigma_S(w) (w*_d - w)||, the gradient towards the double w*"
                + " (enclosure of the gradient)",
            Double.isFinite(g),
            g,
            "computed " + c.gradientComputed() + ", allowance " + Up.sub(g, c.gradientComputed())));
    b.assume(kernel);
    Double lam = c.lambda();
    boolean covered = c.kernelDim() < c.dim();
    b.assume(
        Assumption.of(
            "curvature at w",
            "lambda_min^+(Sigma_S(w)) on the covered part is certified positive",
            !covered || lam != null,
            lam,
            c.lambdaDetail()));
    double r = 0;
    if (covered) {
      if (lam == null) {
        return new Radii(Double.NaN, Double.NaN, Double.NaN, cross);
      }
      b.constant("lambda", lam);
      r = Up.div(Up.add(g, Up.mul(Up.mul(beta, cross), q)), Down.mul(beta, lam));
    }
    // u^T Sigma_S(w) u <= (r G + beta ell q (r + q)) / beta, u = w*_d - w
    double form =
        Up.div(Up.add(Up.mul(r, g), Up.mul(Up.mul(beta, ell), Up.mul(q, Up.add(r, q)))), beta);
    double quad = Up.sqrt(form);
    Double inverse = c.gradientInverse();
    Double solve = c.solveRadius();
    if (inverse != null && solve != null && c.kernelDim() == 0) {
      // full coverage: u = Sigma^{-1} g / beta, so sqrt(u^T Sigma u) = sqrt(g^T Sigma^{-1} g) / beta
      double qs = Up.div(inverse, beta);
      double rs = Up.div(solve, beta);
      b.constant("QSolve", qs).constant("rSolve", rs);
      quad = Math.min(quad, qs);
      r = Math.min(r, rs);
    } else if (inverse != null && solve != null && lam != null) {
      // with a kernel, the solve on R ("The solve on R"): u = a + b', beta Sigma_RR alpha = h -
      // beta Q_R^T Sigma b' with a = Q_R alpha, ||Q_R^T Sigma b'|| <= cross q, so
      // sqrt(u^T Sigma u) <= sqrt(h^T Sigma_RR^{-1} h) / beta + cross q / sqrt(lambda)
      //   + muVar q / 2
      // and ||a|| <= ||Sigma_RR^{-1} h|| / beta + cross q / lambda
      double eq = Up.mul(cross, q);
      double qs =
          Up.add(Up.add(Up.div(inverse, beta), Up.div(eq, Down.sqrt(lam))),
              Up.div(Up.mul(muVar, q), 2));
      double rs = Up.add(Up.div(solve, beta), Up.div(eq, Down.mul(1, lam)));
      b.constant("QSolve", qs).constant("rSolve", rs);
      quad = Math.min(quad, qs);
      r = Math.min(r, rs);
    }
    double x = Up.add(Up.mul(in.diameter(), r), Up.mul(mu, q));
    Double range = c.sampleRange();
    if (range != null) {
      // full coverage: the sample's logit ranges of u directly, from the solve
      double xs = Up.div(range, beta);
      b.constant("XSolve", xs);
      x = Math.min(x, xs);
    }
    b.constant("r", r).constant("rExact", Up.add(r, s)).constant("Q", quad).constant("X", x)
        .constant("phiX", PosteriorCertificate.phi(x));
    return new Radii(r, quad, x, cross);
  }

  /**
   * The optimisation error at w: {@code F_S(w*) - F_S(w) <= min(beta phi(X) Q^2, beta (diam r + mu
   * q)^2 / 8)}, deterministic.
   *
   * @param in the constants
   * @param c the certificate at w
   * @param q a bound on {@code ||P_U e(w)||} (0 under full coverage)
   * @param kernel why q holds
   * @return the bound
   * @throws IllegalArgumentException if {@code q} is NaN, infinite or negative
   */
  @Theorem("T-POST")
  static BoundResult optimisation(
      BoundInputs in, PosteriorCertificate c, @NonNegativeReal double q, Assumption kernel) {
    Reals.nonNegative(q, "q");
    BoundResult.Builder b =
        BoundResult.builder(ID, "opt", TITLE, BoundResult.OPT + AT, BoundResult.DETERMINISTIC);
    Radii rd = radii(b, in, c, q, kernel);
    if (!b.allHold()) {
      return b.finish(null);
    }
    double local = Up.mul(Up.mul(in.beta(), PosteriorCertificate.phi(rd.x())),
        Up.mul(rd.quad(), rd.quad()));
    double core = LemmaK.upperCore(in.beta(), in.diameter(), rd.r(), c.leakage(), q);
    b.constant("local", local).constant("upperCore", core);
    return b.finish(Math.min(local, core));
  }

  /**
   * The excess risk at w: under full coverage with {@code Sigma_D(w) <= c Sigma_S(w)} certified,
   * {@code F(w*) - F(w) <= min(beta phi(diam r) c Q^2, beta diam^2 r^2 / 8)}; with a kernel and
   * {@code c_R} certified on the covered part, {@code min(beta phi(diam r + mu_D q) (sqrt(c_R) (Q +
   * mu q / 2) + k_U)^2, beta (diam r + q sqrt(eps_n))^2 / 8)}, {@code k_U = q min(sqrt(eps_n) / 2,
   * sqrt(lambda_max of Sigma_D(w) on U))}; otherwise {@code
   * beta (diam r + q sqrt(eps_n))^2 / 8}. Deterministic given S.
   *
   * @param in the constants
   * @param c the certificate at w
   * @param q a bound on {@code ||P_U e(w)||} (0 under full coverage)
   * @param kernel why q holds
   * @return the bound
   * @throws IllegalArgumentException if {@code q} is NaN, infinite or negative
   */
  @Theorem("T-POST")
  static BoundResult excess(
      BoundInputs in, PosteriorCertificate c, @NonNegativeReal double q, Assumption kernel) {
    Reals.nonNegative(q, "q");
    BoundResult.Builder b =
        BoundResult.builder(
            ID, "excess", TITLE, BoundResult.EXCESS + AT, BoundResult.DETERMINISTIC);
    Radii rd = radii(b, in, c, q, kernel);
    double eps = LemmaK.residual(b, in, q);
    if (!b.allHold()) {
      return b.finish(null);
    }
    double core = LemmaK.lowerCore(in.beta(), in.diameter(), rd.r(), q, eps);
    b.constant("lowerCore", core);
    @Nullable Double ratio = c.populationRatio();
    @Nullable Double form = c.populationForm();
    b.note("Sigma_D(w) <= c Sigma_S(w): " + c.populationDetail());
    if (c.kernelDim() > 0) {
      if ((ratio == null && form == null) || c.kernelDim() == c.dim()) {
        return b.finish(core);
      }
      // with a kernel (proofs/T-POST.md, item 3 with a kernel): u = a + b', a = P_R u, b' = P_U u;
      // sqrt(u^T Sigma_D u) <= sqrt(c_R) (Q + mu q / 2) + k_U, and every
      // population logit range of u is at most diam r + mu_D q
      double muD = c.populationLeakage();
      double xk = Up.add(Up.mul(in.diameter(), rd.r()), Up.mul(muD, q));
      double phiK = Up.mul(in.beta(), PosteriorCertificate.phi(xk));
      // b'^T Sigma_D b' <= q^2 eps_n / 4 (Popoviciu), and <= q^2 lambda_max of Sigma_D(w) on U
      double kernelPart = Up.div(Up.mul(q, Up.sqrt(eps)), 2);
      Double lamU = c.populationKernelLambdaMax();
      if (lamU != null) {
        b.constant("lambdaMaxDOnU", lamU);
        kernelPart = Math.min(kernelPart, Up.mul(q, Up.sqrt(lamU)));
      }
      b.constant("muD", muD).constant("XPopulation", xk).constant("kernelPart", kernelPart);
      // the cross term |a^T Sigma_D b'| <= min(A k_U, r q sigma_RU) ("The cross term")
      double crossRU = Double.POSITIVE_INFINITY;
      Double sigmaRU = c.populationCrossNorm();
      if (sigmaRU != null) {
        crossRU = Up.mul(Up.mul(rd.r(), q), sigmaRU);
        b.constant("sigmaRU", sigmaRU);
      }
      double best = core;
      if (ratio != null) {
        double covered =
            Up.mul(Up.sqrt(ratio), Up.add(rd.quad(), Up.div(Up.mul(varianceLeakage(c), q), 2)));
        double localKernel = Up.mul(phiK, kernelSquare(covered, kernelPart, crossRU));
        b.constant("populationRatio", ratio).constant("localKernel", localKernel);
        best = Math.min(best, localKernel);
      }
      Double lamD = c.populationLambdaMax();
      Double lam = c.lambda();
      if (form != null && lamD != null && lam != null) {
        // the solve on R: sqrt(a^T Sigma_D a) <= form / beta + sqrt(lambda_max(Sigma_D)) cross q /
        // lambda, then the kernel part's min(q sqrt(eps_n) / 2, q sqrt(lambda_max on U))
        double cross = rd.cross();
        double covered =
            Up.add(Up.div(form, in.beta()),
                Up.div(Up.mul(Up.sqrt(lamD), Up.mul(cross, q)), Down.mul(1, lam)));
        double localSolve = Up.mul(phiK, kernelSquare(covered, kernelPart, crossRU));
        b.constant("localSolve", localSolve);
        best = Math.min(best, localSolve);
      }
      return b.finish(best);
    }
    if (ratio == null && form == null) {
      return b.finish(core);
    }
    // population logit ranges of u are at most diam r (no kernel), or the solve's bound on them
    double xd = Up.mul(in.diameter(), rd.r());
    Double popRange = c.populationRange();
    if (popRange != null) {
      double xp = Up.div(popRange, in.beta());
      b.constant("XPopulation", xp);
      xd = Math.min(xd, xp);
    }
    double phiBeta = Up.mul(in.beta(), PosteriorCertificate.phi(xd));
    double best = core;
    if (ratio != null) {
      b.constant("populationRatio", ratio);
      double local = Up.mul(Up.mul(phiBeta, ratio), Up.mul(rd.quad(), rd.quad()));
      b.constant("local", local);
      best = Math.min(best, local);
    }
    if (form != null) {
      // u^T Sigma_D(w) u <= (form / beta)^2 by the solve
      double qd = Up.div(form, in.beta());
      double localSolve = Up.mul(phiBeta, Up.mul(qd, qd));
      b.constant("localSolve", localSolve);
      best = Math.min(best, localSolve);
    }
    return b.finish(best);
  }
}
