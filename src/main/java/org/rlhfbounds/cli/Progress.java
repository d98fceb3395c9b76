package org.rlhfbounds.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A progress display on the terminal for work that lasts more than two seconds: a bar when the
 * amount of work is known ({@link #advance}), an elapsed-time indicator otherwise. Nothing is
 * printed when standard error is not a terminal ({@code System.console() == null}), so piped and
 * redirected runs, tests and CI see clean output. The display is drawn on standard error, never
 * on standard output, which carries the JSON result.
 *
 * <p>Thread-safe: {@link #advance} may be called from worker threads.
 */
final class Progress implements AutoCloseable {
  private static final long DELAY_MS = 2000;
  private static final long PERIOD_MS = 250;
  private static final int WIDTH = 30;

  private final String label;
  private final long total;
  private final AtomicLong done = new AtomicLong();
  private final long start = System.nanoTime();
  private final @Nullable PrintStream out;
  private final @Nullable Thread painter;
  private volatile boolean running = true;
  private volatile boolean drawn;

  private Progress(String label, long total, @Nullable PrintStream out) {
    this.label = label;
    this.total = total;
    this.out = out;
    if (out != null) {
      Thread t = new Thread(this::paintLoop, "progress");
      t.setDaemon(true);
      this.painter = t;
      t.start();
    } else {
      this.painter = null;
    }
  }

  /**
   * Starts a display: a bar of {@code total} units, or an elapsed-time indicator when {@code total
   * <= 0}.
   *
   * @param label what is being done
   * @param total units of work, or 0 if unknown
   * @return the display (close it when the work ends)
   */
  static Progress start(String label, long total) {
    return new Progress(label, total, System.console() != null ? System.err : null);
  }

  /**
   * Records {@code units} more units done.
   *
   * @param units units
   */
  void advance(long units) {
    done.addAndGet(units);
  }

  private void paintLoop() {
    try {
      Thread.sleep(DELAY_MS);
      while (running) {
        paint();
        Thread.sleep(PERIOD_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void paint() {
    PrintStream o = out;
    if (o == null || !running) {
      return;
    }
    double secs = (System.nanoTime() - start) / 1e9;
    String line;
    if (total > 0) {
      double f = Math.min(1.0, done.get() / (double) total);
      int filled = (int) Math.round(f * WIDTH);
      line =
          String.format(
              Locale.ROOT,
              "\r%s [%s%s] %3.0f%% %6.1fs",
              label,
              "#".repeat(filled),
              "-".repeat(WIDTH - filled),
              100 * f,
              secs);
    } else {
      long k = Math.floorMod((long) (secs * 4), 4L);
      char c = k == 0 ? '|' : k == 1 ? '/' : k == 2 ? '-' : '\\';
      line = String.format(Locale.ROOT, "\r%s %c %6.1fs", label, c, secs);
    }
    o.print(line);
    o.flush();
    drawn = true;
  }

  @Override
  public synchronized void close() {
    running = false;
    Thread t = painter;
    if (t != null) {
      t.interrupt();
    }
    PrintStream o = out;
    if (o != null && drawn) {
      o.print("\r" + " ".repeat(label.length() + WIDTH + 20) + "\r");
      o.flush();
    }
  }
}
