package org.rlhfbounds.model.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads feature exports ({@link FeatureExport}) in the layouts researchers write, chosen by the
 * file's extension:
 *
 * <ul>
 *   <li>{@code .npy}: float32 or float64 ({@code '<f4' '<f8' '>f4' '>f8'}), C or Fortran order,
 *       shape {@code (M, K, d)}, or {@code (rows, d)} together with an offsets file: a {@code .npy}
 *       of int64 ({@code '<i8'} or {@code '>i8'}) of shape {@code (M + 1,)}, {@code offsets[0] =
 *       0}, consecutive offsets differing by at least 2, the last equal to {@code rows};
 *   <li>{@code .npz} (a zip of {@code .npy} entries, stored or deflated, as {@code numpy.savez} and
 *       {@code numpy.savez_compressed} write): {@code features} (either shape above), optionally
 *       {@code offsets} and {@code rewards} (float, shape {@code (rows,)});
 *   <li>{@code .csv} (RFC 4180, UTF-8, parsed by Apache Commons CSV): a header with {@code
 *       prompt_id}, {@code response_id}, optionally {@code reward}, and at least one feature column
 *       (every other column, in header order); the rows of one prompt need not be adjacent (prompts
 *       keep the order of their first row, candidates their file order).
 * </ul>
 *
 * <p>Validation is strict; every rejection is a {@link FormatException} whose one-line message
 * names the file (for {@code .npz}, the entry), the byte offset or line, and what was expected:
 * truncated or corrupt headers, unsupported dtypes, ragged CSV rows, non-numeric cells, NaN or
 * infinite values, offsets that do not match the rows, duplicated {@code (prompt_id,
 * response_id)} pairs, prompts with fewer than two candidates, empty files.
 *
 * <p>Memory: float32 data is kept as float32 and read straight into its final array (a Fortran
 * ordered file is scattered into C order while it is read), so the data is never copied whole
 * after the read. A CSV file is parsed to float64 and regrouped by prompt (one copy).
 *
 * <p>The binary layouts are read by {@link NpyExports}, the CSV layout by {@link CsvExports}; this
 * class chooses between them and holds the validation of prompt offsets they share.
 *
 * <p>Thread-safe: stateless.
 */
public final class FeatureExports {
  private FeatureExports() {}

  /**
   * Reads an export, choosing the layout by the extension of {@code features} ({@code .npy},
   * {@code .npz} or {@code .csv}, case-insensitive).
   *
   * @param features the feature file
   * @param offsets the prompt offsets ({@code .npy} of int64), or null; only with a {@code (rows,
   *     d)} array
   * @return the export
   * @throws FormatException naming file, position and expectation when the input is invalid
   * @throws IOException if a file cannot be read
   */
  public static FeatureExport read(Path features, @Nullable Path offsets) throws IOException {
    String name = features.toString();
    String lower = name.toLowerCase(Locale.ROOT);
    try {
      if (lower.endsWith(".npy")) {
        return NpyExports.readNpy(features, offsets);
      } else if (lower.endsWith(".npz")) {
        return NpyExports.readNpz(features, offsets);
      } else if (lower.endsWith(".csv")) {
        if (offsets != null) {
          throw new FormatException(
              offsets.toString(), "", "offsets apply to a (rows, d) .npy or .npz export, not to CSV");
        }
        return CsvExports.read(features);
      }
    } catch (IOException e) {
      throw Json.namingFile(e, name);
    }
    throw new FormatException(
        name, "", "unknown extension; expected a .npy, .npz or .csv feature export");
  }

  /**
   * Describes what is wrong with prompt offsets, or returns null when they are valid: at least
   * two entries, the first 0, the last {@code rows}, consecutive entries differing by at least 2.
   *
   * @param offsets the offsets
   * @param rows the number of rows
   * @return the problem, or null
   */
  static @Nullable String offsetProblem(int[] offsets, int rows) {
    if (offsets.length < 2) {
      return "expected M + 1 >= 2 offsets, got " + offsets.length;
    }
    if (offsets[0] != 0) {
      return "offsets[0] = " + offsets[0] + "; expected 0";
    }
    for (int i = 0; i + 1 < offsets.length; i++) {
      if (offsets[i + 1] - offsets[i] < 2) {
        return "prompt "
            + i
            + " has K = offsets["
            + (i + 1)
            + "] - offsets["
            + i
            + "] = "
            + (offsets[i + 1] - offsets[i])
            + " candidates; expected K >= 2 (increasing offsets, at least 2 apart)";
      }
    }
    if (offsets[offsets.length - 1] != rows) {
      return "the last offset is "
          + offsets[offsets.length - 1]
          + "; expected the number of feature rows, "
          + rows;
    }
    return null;
  }
}
