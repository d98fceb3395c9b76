package org.rlhfbounds.report;

/**
 * The sizes an experiment sweeps over (sample sizes n, step counts T, dimensions d), held as a
 * private copy so that a configuration record that names them stays immutable.
 *
 * <p>Thread-safe: immutable.
 *
 * @param values the sizes, in sweep order
 */
record Sizes(int[] values) {

  /**
   * The sizes, copied.
   *
   * @param values the sizes, in sweep order
   */
  Sizes {
    values = values.clone();
  }

  /**
   * The sizes given.
   *
   * @param values the sizes, in sweep order
   * @return them, copied
   */
  static Sizes of(int... values) {
    return new Sizes(values);
  }

  /**
   * Returns the sizes.
   *
   * @return a copy
   */
  @Override
  public int[] values() {
    return values.clone();
  }
}
