package org.rlhfbounds.contracts.qual;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.checkerframework.framework.qual.SubtypeOf;

/**
 * A finite double {@code x > 0}.
 *
 * <p>Checked at compile time by {@link org.rlhfbounds.contracts.checker.RealRangeChecker}; values
 * enter this type only through {@link org.rlhfbounds.contracts.Reals} (or literals and comparisons
 * that the checker can see prove it).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE_USE, ElementType.TYPE_PARAMETER})
@SubtypeOf({NonNegativeReal.class})
public @interface PositiveReal {}
