/** The Index Checker bites. */
class IndexRejected {
  static double offByOne(double[] a) {
    double s = 0;
    for (int i = 0; i <= a.length; i++) {
      s += a[i]; // expect: index:array.access.unsafe.high
    }
    return s;
  }

  static double anyIndex(double[] a, int i) {
    return a[i]; // expect: index:array.access.unsafe.low index:array.access.unsafe.high
  }
}
