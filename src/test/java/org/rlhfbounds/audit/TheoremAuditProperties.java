package org.rlhfbounds.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.model.io.FeatureExport;
import org.rlhfbounds.objective.Coverage;
import org.rlhfbounds.objective.Objective;

/**
 * The coverage at {@code w*} that the audit reports for an export is the library's coverage of
 * the instance's sample at {@code w* = w_ref + theta* / beta}, computed directly (README's library
 * example: the kernel split of {@code Sigma_S(0)} and {@code kappa+} of {@code Sigma_S(w*)} on its
 * range), with a non-zero {@code w_ref}.
 */
class TheoremAuditProperties {
  @Test
  void coverageAtTheOptimumIsTheLibrarys() {
    qt().withExamples(25)
        .forAll(SourceDSL.longs().all(), SourceDSL.integers().between(2, 5))
        .checkAssert(
            (seed, d) -> {
              Instance base =
                  InstanceSpec.of(Family.SPHERE, 40, d + 1, d, 0.7, seed).finite();
              SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
              double[] wRef = new double[d];
              for (int j = 0; j < d; j++) {
                wRef[j] = 0.8 * r.nextGaussian();
              }
              FiniteDistribution pop = base.finiteDistribution();
              assertNotNull(pop);
              Instance inst =
                  Instance.of(base.beta(), base.theta(), wRef, base.featureBound(), pop);
              Sample s = pop.sample(3 * d, r);
              Features f = s.prompts();
              FeatureExport e = FeatureExport.of("gen", f.data(), d, f.offsets(), null);
              TheoremAudit a =
                  TheoremAudit.of(
                      e,
                      new TheoremAudit.Settings(inst.theta(), "gen", inst.beta(), wRef,
                          inst.featureBound(), s.size(), 0.05, 10, Algorithm.GA, 1L));
              Objective o = Objective.of(inst);
              Coverage c = Coverage.ofSample(o, s);
              assertEquals(c.kernelDim(), a.kernelDim(), "kernel dimension");
              if (c.kernelDim() == d) {
                return;
              }
              double direct = c.rangeMinimum(o.covariance(s, inst.wStar()));
              Double kp = a.kappaPlusAtOptimum();
              assertNotNull(kp, "kappa+ at w* is missing; direct " + direct);
              double tol = 1e-6 * direct;
              assertEquals(direct, kp, tol, "kappa+ at w*");
              if (a.kappaPlusAtOptimumCertified()) {
                assertTrue(kp <= direct * (1 + 1e-12), kp + " certified above " + direct);
              }
            });
  }
}
