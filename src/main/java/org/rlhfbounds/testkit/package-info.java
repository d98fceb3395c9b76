/**
 * The test kit: seeded generators of RLHF instances whose answers are known, for property tests
 * of rlhf-bounds and of code built on it. Framework-neutral: every generator takes a {@link
 * java.util.random.RandomGenerator} (or a {@link org.rlhfbounds.testkit.ParameterSource}) and
 * returns a value, so it plugs into QuickTheories ({@code org.rlhfbounds.testkit.quicktheories},
 * shipped with the library), JUnit parameterised tests, or a plain loop.
 *
 * <p>{@link org.rlhfbounds.testkit.InstanceGenerator} makes instances of a declared {@link
 * org.rlhfbounds.testkit.CoverageClass} (full, deficient of rank r, near-degenerate with a target
 * {@code kappa / lambda_max}, adversarial) over ranges of dimension, prompts, ragged K, feature
 * scale and {@code beta}; each {@link org.rlhfbounds.testkit.KitInstance} carries its declared
 * properties and exact answers ({@code w*}, {@code F(w*)}, {@code F} and its gradient, the kernel
 * {@code N}, {@code kappa}) and shrinks to simpler instances of its class. {@link
 * org.rlhfbounds.testkit.KitSample} draws samples with their replace-one neighbours, {@link
 * org.rlhfbounds.testkit.KitInstance#start} starting points at a given distance from {@code w*}.
 *
 * <p>The older generators serve the project's own properties: random {@link
 * org.rlhfbounds.model.InstanceSpec}s over every {@link org.rlhfbounds.model.Family} with random
 * weights and adversarial kinds ({@link org.rlhfbounds.testkit.RandomInstances}), and random
 * vectors, including parameters with logits of magnitude {@code 1e6} ({@link
 * org.rlhfbounds.testkit.RandomVectors}).
 *
 * <p>The package sits above {@code objective} in the package order ({@code contracts < model <
 * objective < testkit < learners < ...}): the exact answers and the check of every declared class
 * are the library's own computations ({@code objective.Objective}, {@code objective.Coverage}),
 * not a second implementation of them.
 *
 * <p>Every generator is a pure function of its source: the same seed gives the same values on
 * every platform and thread.
 */
package org.rlhfbounds.testkit;
