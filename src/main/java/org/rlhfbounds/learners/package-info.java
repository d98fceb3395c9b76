/**
 * Learners of the KL-regularised RLHF objective under a linear reward model (proofs/F6.md, F7.md):
 * the empirical optimum (exact, and a certified Newton-CG solver), Gradient Ascent with the step
 * {@code 1/L(D0)} and Stochastic Gradient Ascent with {@code eta_t = 1/(2 L sqrt t)}, each with
 * the seed's iterate selection rules, a per-step {@link org.rlhfbounds.learners.Trajectory} and
 * compute cost counted in per-prompt gradient evaluations.
 *
 * <p>Seed: Li, Yi, Wang, Cui, Liu, "Towards a Theoretical Understanding to the Generalization of
 * RLHF", arXiv:2601.16403, 2026, doi:10.48550/arXiv.2601.16403.
 */
package org.rlhfbounds.learners;
