package org.rlhfbounds.model;

/**
 * Where a long computation of the library reports how far it is: it announces the units of work it
 * is about to do ({@link #expect}) and reports units done ({@link #advance}), so that a display can
 * show the fraction done, the rate and the time left. The units are the computation's own (steps of
 * a learner, retrainings of a replace-one experiment, prompts of an audit, cells of a sweep) and are
 * named in its Javadoc.
 *
 * <p>Listening costs nothing when no one listens: {@link #NONE} does nothing, and computations call
 * it with primitive arguments only, so a step allocates nothing. A listener must be thread-safe:
 * parallel computations report from their worker threads.
 */
public interface ProgressListener {
  /** The listener of no one: both methods do nothing. */
  ProgressListener NONE =
      new ProgressListener() {
        @Override
        public void expect(long units) {}

        @Override
        public void advance(long units) {}
      };

  /**
   * Adds {@code units} to the work announced so far (a computation made of parts may announce
   * each part as it learns its size).
   *
   * @param units units of work about to be done, {@code >= 0}
   */
  void expect(long units);

  /**
   * Records {@code units} more units done.
   *
   * @param units units done, {@code >= 0}
   */
  void advance(long units);
}
