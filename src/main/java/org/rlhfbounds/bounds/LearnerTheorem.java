package org.rlhfbounds.bounds;

import java.util.List;
import org.rlhfbounds.learners.Algorithm;

/**
 * A theorem about the iterates of one learner (GA or SGA): its id, the learner, and its parts
 * (gap, optimisation error, excess risk), each a formula of the run's inputs, step and T; applied
 * to a run of that learner it returns every part with its measured quantity ({@link
 * LemmaK#forLearner}), to a run of another learner nothing.
 *
 * <p>Thread-safe: immutable, the parts are static formulas.
 */
abstract class LearnerTheorem extends AbstractTheorem {
  private final Algorithm learner;
  private final LemmaK.Part[] parts;

  /**
   * A learner theorem.
   *
   * @param id the theorem id (its proof file's name)
   * @param kind what its values depend on
   * @param learner GA or SGA
   * @param parts the parts, in report order
   */
  LearnerTheorem(String id, Kind kind, Algorithm learner, LemmaK.Part... parts) {
    super(id, kind);
    this.learner = learner;
    this.parts = parts.clone();
  }

  /**
   * {@inheritDoc}
   *
   * <p>For a run of this theorem's learner: every part, with its measured quantity; else empty.
   */
  @Override
  public final List<BoundResult> evaluate(BoundContext run) {
    return LemmaK.forLearner(run, learner, parts);
  }
}
