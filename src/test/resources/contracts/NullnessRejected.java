import org.checkerframework.checker.nullness.qual.Nullable;

/** The Nullness Checker bites. */
class NullnessRejected {
  static String orNull(@Nullable String s) {
    return s; // expect: nullness:return
  }

  static int length(@Nullable String s) {
    return s.length(); // expect: nullness:dereference.of.nullable
  }
}
