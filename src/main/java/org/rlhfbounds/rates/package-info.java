/**
 * Rate checking: do measured quantities decay at the rates the theory claims?
 *
 * <p>Three pieces, meant to be assembled by the {@code reproduce} command:
 *
 * <ul>
 *   <li>{@link org.rlhfbounds.rates.Sweep}: a deterministic parallel replicate runner. Every
 *       (parameter, replicate) cell gets its own seed from {@link org.rlhfbounds.rates.Seeds}, and
 *       the results are collected in a fixed order, so the output is bit-identical whatever the
 *       thread count.
 *   <li>{@link org.rlhfbounds.rates.RateData}: replicated measurements {@code y_kj} at design
 *       points {@code x_k}, and the fits on them: {@link org.rlhfbounds.rates.LogLogSlope} (the
 *       exponent {@code a} of {@code y ~ C x^a}), {@link org.rlhfbounds.rates.ExponentialRate} (the
 *       rate {@code c} of {@code y ~ C exp(-c x)} or {@code C exp(-c sqrt x)}, and a curvature test
 *       that tells "faster than any power" from a power law), each with a seeded stratified
 *       bootstrap interval.
 *   <li>{@link org.rlhfbounds.rates.Verdict}: the verdict of a fitted exponent against a claimed
 *       one, e.g. the seed's {@code n^-1/2}, {@code T^-1/4}, {@code T^-1/8} (Li, Yi, Wang, Cui,
 *       Liu, "Towards a Theoretical Understanding to the Generalization of RLHF",
 *       arXiv:2601.16403, 2026, doi:10.48550/arXiv.2601.16403; {@code
 *       org.rlhfbounds.bounds.SeedClaims}).
 * </ul>
 */
package org.rlhfbounds.rates;
