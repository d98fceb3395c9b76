/**
 * Seeded random generators of instances, prompt distributions and parameter vectors, for property
 * tests of rlhf-bounds and of code built on it. Framework-neutral: every generator takes a {@link
 * java.util.random.RandomGenerator} and returns a value, so it plugs into QuickTheories (the
 * project's own adapters live in its test code), JUnit parameterised tests, or a plain loop.
 *
 * <p>The generators cover the families of {@link org.rlhfbounds.model.Family} with ragged
 * numbers of candidates, random dimension, KL weight {@code beta} over three decades, random
 * feature bound {@code B} and non-uniform prompt weights ({@link
 * org.rlhfbounds.testkit.RandomInstances}), plus adversarial shapes: near-duplicate
 * candidates, two candidates per prompt, antipodal pairs (which make {@code lambda_max(Sigma_w)}
 * reach {@code B^2}), and parameter vectors with logits of magnitude {@code 1e6} ({@link
 * org.rlhfbounds.testkit.RandomVectors}).
 *
 * <p>Every generator is a pure function of the generator's state: the same seed gives the same
 * values on every platform and thread.
 */
package org.rlhfbounds.testkit;
