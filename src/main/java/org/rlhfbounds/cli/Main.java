package org.rlhfbounds.cli;

/** Placeholder entry point, replaced below. */
public final class Main {
  private Main() {}

  /**
   * Entry point.
   *
   * @param args arguments
   */
  public static void main(String[] args) {
    System.out.println("rlhf-bounds");
  }
}
