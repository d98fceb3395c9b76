package org.rlhfbounds.bounds;

import java.util.List;

/**
 * One theorem of the library, as data: its id (the name of its proof file {@code proofs/<id>.md})
 * and the evaluation of every part it bounds (the generalisation gap, the optimisation error, the
 * excess risk, the stability) for one run, each a {@link BoundResult} carrying its assumptions as
 * checked predicates (holds, margin, detail) and its value only when they all hold.
 *
 * <p>Every theorem is listed once in {@link TheoremRegistry#ALL}; {@link Bounds#evaluate} applies
 * them in that order. To add a theorem: write one final class implementing this interface (its
 * formula in static methods annotated {@code @Theorem("ID")}, calling {@link LemmaK} for the shared
 * cores), add one line to {@link TheoremRegistry#ALL}, and write {@code proofs/ID.md} with its
 * {@code **Code.**} line naming the class's methods.
 *
 * <p>Implementations are stateless singletons, hence thread-safe. A theorem that does not speak
 * about the run's algorithm returns an empty list; one whose assumption fails returns a result
 * without a value (never throws for failed assumptions).
 */
public interface BoundTheorem {
  /**
   * Returns the theorem id, e.g. {@code T-GA-SHARP}.
   *
   * @return the id
   */
  String id();

  /**
   * Evaluates every part of this theorem for a run, with the measured quantities filled in.
   *
   * @param run the inputs, the run and the measurements
   * @return the results in a fixed order (empty when the theorem does not concern the run)
   */
  List<BoundResult> evaluate(BoundContext run);
}
