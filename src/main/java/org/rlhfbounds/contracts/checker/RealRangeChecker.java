package org.rlhfbounds.contracts.checker;

import org.checkerframework.common.basetype.BaseTypeChecker;
import org.checkerframework.framework.source.SuppressWarningsPrefix;

/**
 * The real-range checker: verifies the range qualifiers of {@code org.rlhfbounds.contracts.qual}
 * ({@code @Finite}, {@code @NonNegativeReal}, {@code @PositiveReal}, {@code @Probability},
 * {@code @PositiveProbability}) on every compile of main code.
 *
 * <p>Why a custom checker rather than the plain Subtyping Checker: the Subtyping Checker gives a
 * literal such as {@code 0.5} the default (top) type and cannot refine a variable after {@code if
 * (x > 0)}; every caller would have to wrap literals and tested values in trusted calls. This
 * checker adds two things, and nothing else:
 *
 * <ul>
 *   <li>literals get their tightest qualifier ({@code 0.5} is {@code @PositiveProbability},
 *       {@code 2.0} is {@code @PositiveReal}, {@code 0} is {@code @Probability}, {@code -1} is
 *       {@code @Finite}); {@link RealRangeAnnotatedTypeFactory};
 *   <li>comparisons refine: for a variable already known {@code @Finite}, {@code x > c} with
 *       {@code c >= 0} makes it {@code @PositiveReal}, {@code x >= c} with {@code c >= 0}
 *       {@code @NonNegativeReal} (strictly positive {@code c}: {@code @PositiveReal}), a
 *       non-negative {@code x <= c} with {@code c} a probability makes it {@code @Probability};
 *       {@code Double.isFinite(x)} makes any {@code x} {@code @Finite}; {@link RealRangeTransfer}.
 * </ul>
 *
 * <p>Known limitation, by choice: array element qualifiers are covariant (the Checker Framework's
 * default, like Java's own arrays), so a {@code @PositiveReal double[]} may be aliased as a plain
 * {@code double[]} and written through the alias. The stricter {@code
 * -ARealRangeChecker_invariantArrays} would close this but forces a polymorphic qualifier on every
 * numeric kernel's array parameters. The project's rule instead: arrays returned by qualified APIs
 * are fresh copies, and kernels write only into output arrays of unqualified type.
 *
 * <p>Arithmetic results are {@code @UnknownReal}: a sum of two finite doubles may overflow, so
 * values re-enter the qualified types only through {@code org.rlhfbounds.contracts.Reals}.
 * Warnings are suppressed with the key {@code "realrange"}.
 */
@SuppressWarningsPrefix({"realrange"})
public final class RealRangeChecker extends BaseTypeChecker {
  /** Creates the checker (called by javac's annotation processing). */
  public RealRangeChecker() {}
}
