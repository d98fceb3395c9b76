package org.rlhfbounds.bounds;

import java.util.List;

/**
 * One theorem of the library, as data: its id (the name of its proof file {@code proofs/<id>.md})
 * and the evaluation of every part it bounds (the generalisation gap, the optimisation error, the
 * excess risk, the stability) for one run, each a {@link BoundResult} carrying its assumptions as
 * checked predicates (holds, margin, detail) and its value only when they all hold.
 *
 * <p>Every theorem is listed once in {@link TheoremRegistry#ALL}; {@link Bounds#evaluate} applies
 * them in that order. To add a theorem: write one final class extending {@link AbstractTheorem}
 * (which carries the id and the kind; {@link LearnerTheorem} for a theorem about one learner's
 * iterates) with its formula in static methods annotated {@code @Theorem("ID")}, calling {@link
 * LemmaK} for the shared cores; add one line to {@link TheoremRegistry#ALL}, and write {@code
 * proofs/ID.md} with its {@code **Code.**} line naming the class's methods.
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
   * Returns what the theorem's values depend on.
   *
   * @return the kind
   */
  Kind kind();

  /** What a theorem's values are a function of, as reported in the JSON field {@code kind}. */
  enum Kind {
    /** A function of the sample, the start and the step rule only, known before the run. */
    A_PRIORI("a priori"),
    /** Uses the run's iterates (e.g. the measured gradient norm of the selected iterate). */
    A_POSTERIORI("a posteriori"),
    /** The seed's statement with its rate, kept as it is; not meant to be tight. */
    SEED_FORM("seed form");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /**
     * Returns the label written to JSON and reports.
     *
     * @return {@code "a priori"}, {@code "a posteriori"} or {@code "seed form"}
     */
    public String label() {
      return label;
    }
  }

  /**
   * Evaluates every part of this theorem for a run, with the measured quantities filled in.
   *
   * @param run the inputs, the run and the measurements
   * @return the results in a fixed order (empty when the theorem does not concern the run)
   */
  List<BoundResult> evaluate(BoundContext run);
}
