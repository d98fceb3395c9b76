package org.rlhfbounds.bounds;

/**
 * The identity every theorem carries: its id (the name of its proof file {@code proofs/<id>.md})
 * and its {@link BoundTheorem.Kind}. A theorem class extends this (or {@link LearnerTheorem}, for a
 * theorem about the iterates of one learner), passes both to the constructor and is left with its
 * mathematics: its formulas and {@link #evaluate}.
 *
 * <p>Thread-safe: immutable.
 */
abstract class AbstractTheorem implements BoundTheorem {
  private final String id;
  private final Kind kind;

  /**
   * A theorem.
   *
   * @param id the theorem id (its proof file's name)
   * @param kind what its values depend on
   */
  AbstractTheorem(String id, Kind kind) {
    this.id = id;
    this.kind = kind;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final Kind kind() {
    return kind;
  }
}
