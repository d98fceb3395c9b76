package org.rlhfbounds.bounds;

import java.util.ArrayList;
import java.util.List;

/**
 * The one list of the theorems the library evaluates, in the order their results are reported.
 * {@link Bounds#evaluate} applies every entry to a run; {@code ProofLinkTest} checks that each
 * entry has its proof ({@code proofs/<id>.md}) naming the entry's class, and that each theorem
 * proof names a registered class.
 *
 * <p>Adding a theorem = one final class implementing {@link BoundTheorem} plus one line in {@link
 * #ALL} (and its proof file with a {@code **Code.**} line and an index row in {@code
 * proofs/README.md}).
 *
 * <p>Thread-safe: the list is immutable and its entries are stateless.
 */
public final class TheoremRegistry {
  /** Every theorem, in report order. */
  public static final List<BoundTheorem> ALL =
      List.of(
          StationaryPointTheorem.INSTANCE, // T-OPT
          GaSharpTheorem.INSTANCE, // T-GA-SHARP
          GaAdaptiveTheorem.INSTANCE, // T-GA-ADAPT
          GaSeedTheorem.INSTANCE, // T-GA-SEED
          SgaSharpTheorem.INSTANCE, // T-SGA-SHARP
          SgaSeedTheorem.INSTANCE, // T-SGA-SEED
          ResidualTheorem.INSTANCE, // T-RES
          ResidualExpectationTheorem.INSTANCE, // T-RES-EXP
          StabilityTheorem.INSTANCE, // T-BE
          HighProbabilityTheorem.INSTANCE, // T-HP
          EmpiricalBernsteinTheorem.INSTANCE, // T-HP-EB
          PreferenceMleTheorem.INSTANCE, // T-PREF-MLE
          PreferenceStabilityTheorem.INSTANCE, // T-PREF-STAB
          PosteriorCertificateTheorem.INSTANCE); // T-POST

  private TheoremRegistry() {}

  /**
   * Applies every registered theorem to a run, in the order of {@link #ALL}, and marks the
   * tightest applicable bound on each quantity ({@link BoundResult#markTightest}).
   *
   * @param run the inputs, the run and the measurements
   * @return the results of every theorem that concerns the run
   */
  public static List<BoundResult> evaluate(BoundContext run) {
    List<BoundResult> out = new ArrayList<>();
    for (BoundTheorem t : ALL) {
      out.addAll(t.evaluate(run));
    }
    return BoundResult.markTightest(out);
  }

  /**
   * Returns the kind of the registered theorem with an id.
   *
   * @param id the theorem id
   * @return its kind
   * @throws IllegalStateException if no registered theorem has this id
   */
  static BoundTheorem.Kind kindOf(String id) {
    for (BoundTheorem t : ALL) {
      if (t.id().equals(id)) {
        return t.kind();
      }
    }
    throw new IllegalStateException("no registered theorem with id " + id);
  }
}
