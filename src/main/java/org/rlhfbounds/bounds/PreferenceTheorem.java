package org.rlhfbounds.bounds;

import java.util.List;

/**
 * A theorem about preference data (the regularised Bradley-Terry MLE and the DPO policy it
 * defines): a priori, and evaluated by {@link PreferenceBounds} from the comparisons, not from a
 * {@link BoundContext}, whose runs start from a known reward. {@link #evaluate} therefore reports
 * nothing; the subclass holds the theorem's formulas.
 *
 * <p>Thread-safe: immutable.
 */
abstract class PreferenceTheorem extends AbstractTheorem {
  /**
   * A preference theorem.
   *
   * @param id the theorem id (its proof file's name)
   */
  PreferenceTheorem(String id) {
    super(id, Kind.A_PRIORI);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The runs of {@link BoundContext} have no preference data: nothing to report (the preference
   * bounds are evaluated by {@link PreferenceBounds}).
   */
  @Override
  public final List<BoundResult> evaluate(BoundContext run) {
    return List.of();
  }
}
