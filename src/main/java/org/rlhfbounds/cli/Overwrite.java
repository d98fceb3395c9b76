package org.rlhfbounds.cli;

import picocli.CommandLine.Option;

/**
 * The one overwrite policy of the commands that write files ({@code generate}, {@code
 * reproduce}): an existing output file is replaced only with {@code --force}. A picocli mixin.
 */
final class Overwrite {
  @Option(names = "--force", description = "replace existing output files (default: refuse)")
  boolean force;

  /** Creates the mixin (picocli instantiates it). */
  Overwrite() {}
}
