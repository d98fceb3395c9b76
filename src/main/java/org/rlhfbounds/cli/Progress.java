package org.rlhfbounds.cli;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.ProgressListener;

/**
 * The progress bar of a long command on standard error (me.tongfei:progressbar): the fraction
 * done, the rate and the estimated time left when the amount of work is known ({@link #expect},
 * or the total given to {@link #start}), the elapsed time otherwise. It is drawn whenever standard
 * error is a terminal, whatever standard output is (the JSON result is usually redirected to a
 * file), and never when standard error is redirected or piped, in CI (the environment variable
 * {@code CI} set and not {@code false}) or with {@code TERM=dumb}; so logs, pipes and tests see clean
 * output. The bar is cleared when the work ends.
 *
 * <p>Whether standard error is a terminal is decided once per JVM, without {@code System.console()}
 * (which is null as soon as standard output is redirected): {@code sh -c 'test -t 2'} runs with
 * this process's standard error inherited, so it tests the very file descriptor 2 this JVM writes
 * to. Without {@code sh} (or on failure) the answer is no.
 *
 * <p>Thread-safe: {@link #expect} and {@link #advance} may be called from worker threads.
 */
final class Progress implements ProgressListener, AutoCloseable {
  private static final int UPDATE_MS = 250;
  private static @Nullable Boolean terminal;

  private final @Nullable ProgressBar bar;
  private final AtomicLong total;

  private Progress(@Nullable ProgressBar bar, long total) {
    this.bar = bar;
    this.total = new AtomicLong(Math.max(0, total));
  }

  /**
   * Starts a display: a bar of {@code total} units (more may be announced with {@link #expect}),
   * or an elapsed-time display while the total is 0.
   *
   * @param label what is being done
   * @param total units of work, or 0 if not known yet
   * @return the display (close it when the work ends)
   */
  static Progress start(String label, long total) {
    if (!stderrIsTerminal()) {
      return new Progress(null, total);
    }
    ProgressBar b =
        new ProgressBarBuilder()
            .setTaskName(label)
            .setInitialMax(total > 0 ? total : -1)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .setUpdateIntervalMillis(UPDATE_MS)
            .showSpeed()
            .clearDisplayOnFinish()
            .build();
    return new Progress(b, total);
  }

  /**
   * Whether this JVM's standard error is a terminal and a display is wanted there (see the class
   * comment).
   *
   * @return true when the bar is drawn
   */
  static synchronized boolean stderrIsTerminal() {
    Boolean t = terminal;
    if (t == null) {
      t = decide();
      terminal = t;
    }
    return t;
  }

  private static boolean decide() {
    String ci = System.getenv("CI");
    if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
      return false;
    }
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      Process p =
          new ProcessBuilder("sh", "-c", "test -t 2")
              .redirectInput(Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(Redirect.DISCARD)
              .redirectError(Redirect.INHERIT)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroy();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void expect(long units) {
    long m = total.addAndGet(units);
    ProgressBar b = bar;
    if (b != null && m > 0) {
      b.maxHint(m);
    }
  }

  @Override
  public void advance(long units) {
    ProgressBar b = bar;
    if (b != null) {
      b.stepBy(units);
    }
  }

  @Override
  public void close() {
    ProgressBar b = bar;
    if (b != null) {
      b.close();
    }
  }
}
