package org.rlhfbounds.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The run block of a report: the version of rlhf-bounds that made it ({@link Version#text()}),
 * the configuration it ran (for {@code reproduce}), the machine (operating system, architecture, cores, Java version and vendor) and named timings
 * in seconds, in insertion order. It is the part of a report that may
 * differ between two runs with the same seed; a report without it is byte-for-byte reproducible.
 *
 * <p>Thread-safe: immutable; {@link #withTiming} returns a new instance.
 */
public final class RunInfo {
  private final String version;
  private final Map<String, String> machine;
  private final Map<String, Double> timings;
  private final @Nullable String configurationSource;
  private final @Nullable String configuration;

  private RunInfo(Map<String, String> machine, Map<String, Double> timings) {
    this(machine, timings, null, null);
  }

  private RunInfo(
      Map<String, String> machine,
      Map<String, Double> timings,
      @Nullable String configurationSource,
      @Nullable String configuration) {
    this.version = Version.current().text();
    this.machine = machine;
    this.timings = timings;
    this.configurationSource = configurationSource;
    this.configuration = configuration;
  }

  /**
   * Records the configuration the run ran.
   *
   * @param source where it came from (a file name or a built-in preset)
   * @param json the configuration as JSON text
   * @return a new run info
   */
  public RunInfo withConfiguration(String source, String json) {
    return new RunInfo(machine, timings, source, json);
  }

  /**
   * Returns where the configuration of the run came from.
   *
   * @return the source, or null when none was recorded
   */
  public @Nullable String configurationSource() {
    return configurationSource;
  }

  /**
   * Returns the configuration of the run, as JSON text.
   *
   * @return the configuration, or null when none was recorded
   */
  public @Nullable String configuration() {
    return configuration;
  }

  /**
   * The current machine, no timings.
   *
   * @return the run info
   */
  public static RunInfo current() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("os", System.getProperty("os.name", "?") + " " + System.getProperty("os.version", ""));
    m.put("arch", System.getProperty("os.arch", "?"));
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("java", System.getProperty("java.version", "?"));
    m.put("java vendor", System.getProperty("java.vendor", "?"));
    return new RunInfo(Collections.unmodifiableMap(m), Map.of());
  }

  /**
   * A run block with given machine entries (for tests and for reports assembled elsewhere).
   *
   * @param machine the entries, in order
   * @return the run info
   */
  public static RunInfo of(Map<String, String> machine) {
    return new RunInfo(Collections.unmodifiableMap(new LinkedHashMap<>(machine)), Map.of());
  }

  /**
   * Adds (or replaces) a timing.
   *
   * @param name the name of the timed step
   * @param seconds the wall-clock time in seconds, finite and {@code >= 0}
   * @return a new run info
   * @throws IllegalArgumentException on a negative or non-finite time
   */
  public RunInfo withTiming(String name, double seconds) {
    if (!(Double.isFinite(seconds) && seconds >= 0)) {
      throw new IllegalArgumentException(
          "timing '" + name + "' must be finite and >= 0 seconds, got " + seconds);
    }
    Map<String, Double> t = new LinkedHashMap<>(timings);
    t.put(name, seconds);
    return new RunInfo(
        machine, Collections.unmodifiableMap(t), configurationSource, configuration);
  }

  /**
   * Returns the version of rlhf-bounds that made the report.
   *
   * @return {@link Version#text()} of the running code
   */
  public String version() {
    return version;
  }

  /**
   * Returns the machine entries, in order.
   *
   * @return the machine
   */
  public Map<String, String> machine() {
    return machine;
  }

  /**
   * Returns the timings in seconds, in order.
   *
   * @return the timings
   */
  public Map<String, Double> timings() {
    return timings;
  }
}
