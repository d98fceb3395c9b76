package org.rlhfbounds.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A report: title, settings (key-value, in insertion order: seed, sizes, options), sections, and
 * an optional {@link RunInfo} (machine, timings). Written by {@link ReportWriter}.
 *
 * <p>Thread-safe: immutable.
 */
public final class Report {
  private final String title;
  private final Map<String, Object> settings;
  private final List<Section> sections;
  private final @Nullable RunInfo run;

  private Report(
      String title, Map<String, Object> settings, List<Section> sections, @Nullable RunInfo run) {
    this.title = title;
    this.settings = settings;
    this.sections = sections;
    this.run = run;
  }

  /**
   * Starts a report.
   *
   * @param title the title (one non-blank line)
   * @return a builder
   * @throws IllegalArgumentException on a blank title or one with a line break
   */
  public static Builder builder(String title) {
    if (title.isBlank() || title.contains("\n")) {
      throw new IllegalArgumentException("report title must be one non-blank line");
    }
    return new Builder(title);
  }

  /**
   * Returns the title.
   *
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * Returns the settings, in insertion order.
   *
   * @return the settings
   */
  public Map<String, Object> settings() {
    return settings;
  }

  /**
   * Returns the sections.
   *
   * @return the sections
   */
  public List<Section> sections() {
    return sections;
  }

  /**
   * Returns the run block, or null if the report has none.
   *
   * @return the run info
   */
  public @Nullable RunInfo run() {
    return run;
  }

  /**
   * Returns the figures in document order.
   *
   * @return the figures
   */
  public List<Figure> figures() {
    List<Figure> f = new ArrayList<>();
    for (Section s : sections) {
      for (Block b : s.blocks()) {
        if (b instanceof Figure) {
          f.add((Figure) b);
        }
      }
    }
    return f;
  }

  /** A builder of {@link Report}; not thread-safe. */
  public static final class Builder {
    private final String title;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final List<Section> sections = new ArrayList<>();
    private @Nullable RunInfo run;

    private Builder(String title) {
      this.title = title;
    }

    /**
     * Adds (or replaces) a setting.
     *
     * @param key the key
     * @param value a String, Number or Boolean
     * @return this
     * @throws IllegalArgumentException on a value of another type
     */
    public Builder setting(String key, Object value) {
      Cells.check(value, "setting '" + key + "'");
      settings.put(key, value);
      return this;
    }

    /**
     * Adds a section.
     *
     * @param s the section
     * @return this
     */
    public Builder section(Section s) {
      sections.add(s);
      return this;
    }

    /**
     * Sets the run block.
     *
     * @param r the run info
     * @return this
     */
    public Builder run(RunInfo r) {
      this.run = r;
      return this;
    }

    /**
     * Builds the report.
     *
     * @return the report
     * @throws IllegalArgumentException if two figures share an id
     */
    public Report build() {
      Report r =
          new Report(
              title,
              Collections.unmodifiableMap(new LinkedHashMap<>(settings)),
              List.copyOf(sections),
              run);
      Set<String> ids = new HashSet<>();
      for (Figure f : r.figures()) {
        if (!ids.add(f.id())) {
          throw new IllegalArgumentException(
              "report '" + title + "': two figures have the id '" + f.id() + "'");
        }
      }
      return r;
    }
  }
}
