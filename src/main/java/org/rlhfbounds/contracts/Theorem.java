package org.rlhfbounds.contracts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the theorem or lemma of {@code proofs/} that a piece of code computes or relies on, by its
 * id ({@code F2}, {@code T-GA-sharp}, ...). Each id must have a proof file {@code proofs/<id>.md};
 * {@code ProofLinkTest} fails the build when an id named here has no proof file, or a proof names
 * code or a property that does not exist.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Theorem {
  /**
   * The theorem ids.
   *
   * @return ids
   */
  String[] value();
}
