package org.rlhfbounds.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * The digest of the first instances of every coverage class, seeds {@code 0 .. n-1}: printed by
 * {@link #main} in a JVM of its own and compared with the same digest in the test's JVM, so that
 * "the same seed gives the same instance" holds across runs, not only within one.
 */
final class KitFingerprints {
  private KitFingerprints() {}

  /** The SHA-256 of the fingerprints of {@code n} instances, in hex. */
  static String digest(int n) throws NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    CoverageClass[] all = CoverageClass.values();
    for (int i = 0; i < n; i++) {
      KitInstance k = InstanceGenerator.of(all[i % all.length]).next(new SplittableRandom(i));
      md.update(TestKitProperties.fingerprint(k).getBytes(StandardCharsets.UTF_8));
    }
    StringBuilder b = new StringBuilder();
    for (byte x : md.digest()) {
      b.append(String.format("%02x", x));
    }
    return b.toString();
  }

  public static void main(String[] args) throws NoSuchAlgorithmException {
    System.out.println(digest(Integer.parseInt(args[0])));
  }
}
