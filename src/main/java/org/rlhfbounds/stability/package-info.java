/**
 * Algorithmic stability and generalisation (proofs/F8.md, F10.md): measurements at any iterate,
 * replace-one experiments (argument and loss stability, expected generalisation gap with
 * confidence intervals), and the bounds that connect them, evaluated with upward rounding.
 *
 * <p>Seed: Li, Yi, Wang, Cui, Liu, "Towards a Theoretical Understanding to the Generalization of
 * RLHF", arXiv:2601.16403, 2026, doi:10.48550/arXiv.2601.16403.
 */
package org.rlhfbounds.stability;
