package org.rlhfbounds.testkit;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generation throughput of the test kit for the typical instance (M = 1000 prompts, K = 8
 * candidates, d = 64, full coverage): instances per second for {@link InstanceGenerator#next}
 * (features, weights, and the population's kernel, which every build decides to check its class),
 * then with the lazy exact answers {@code F(w*)}, {@code kappa}, {@code lambda_max} too. Not a
 * test (no Surefire pattern matches it); run it by hand, one thread:
 *
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     org.rlhfbounds.testkit.KitThroughput [instances]
 * </pre>
 */
final class KitThroughput {
  private KitThroughput() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    InstanceGenerator g =
        InstanceGenerator.of(CoverageClass.FULL)
            .dimension(64, 64)
            .prompts(1000, 1000)
            .candidates(8, 8, false);
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 3; i++) {
      g.next(rng).optimum();
    }
    long t0 = System.nanoTime();
    double sink = 0;
    for (int i = 0; i < n; i++) {
      sink += g.next(rng).dim();
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      KitInstance k = g.next(rng);
      sink += k.optimum() + k.kappa() + k.lambdaMax();
    }
    long t2 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "M=1000 K=8 d=64 FULL: %.1f instances/s (%.1f ms each) built; %.1f instances/s"
            + " (%.1f ms each) with F(w*), kappa, lambda_max [%d each, checksum %s]%n",
        n / ((t1 - t0) * 1e-9),
        (t1 - t0) * 1e-6 / n,
        n / ((t2 - t1) * 1e-9),
        (t2 - t1) * 1e-6 / n,
        n,
        Double.toString(sink));
  }
}
