/**
 * Range qualifiers for {@code double} values, verified by the real-range checker on every
 * compile of main code.
 *
 * <pre>
 *            UnknownReal          (default: any double, NaN and infinities included)
 *                 |
 *              Finite             (not NaN, not infinite)
 *                 |
 *           NonNegativeReal       (finite, x &gt;= 0)
 *              /       \
 *      PositiveReal   Probability (x &gt; 0  |  0 &lt;= x &lt;= 1)
 *              \       /
 *        PositiveProbability      (0 &lt; x &lt;= 1)
 *                 |
 *             RealBottom
 * </pre>
 */
package org.rlhfbounds.contracts.qual;
