package org.rlhfbounds.model.io;

import java.math.BigInteger;
import java.util.Map;

/**
 * The header of a {@code .npy} file, parsed and validated: the Python dict literal {@code
 * {'descr': '<f8', 'fortran_order': False, 'shape': (200, 6, 10), }} read by {@link PyLiteral}
 * and checked key by key (exactly the keys {@code descr}, {@code fortran_order} and {@code shape};
 * a supported dtype; C order; a shape of non-negative integers whose product fits in one Java
 * array). Every rejection is a {@link FormatException} naming the file, the header field and the
 * value.
 *
 * <p>Thread-safe: immutable.
 */
final class NpyHeader {
  final Npy.DType dtype;
  final int[] shape;
  final int count;

  private NpyHeader(Npy.DType dtype, int[] shape, int count) {
    this.dtype = dtype;
    this.shape = shape;
    this.count = count;
  }

  /**
   * Parses and validates a header dict literal.
   *
   * @param header the header text
   * @param name the file name, for messages
   * @return the header
   * @throws FormatException on any problem
   */
  static NpyHeader parse(String header, String name) throws FormatException {
    Raw raw = parseRaw(header, name);
    Npy.DType dtype = Npy.DType.ofDescr(raw.descr());
    if (dtype == null) {
      throw new FormatException(
          name,
          "descr",
          "dtype "
              + PyLiteral.repr(raw.descr())
              + " is not supported; expected '<f8' or '<f4' (or big-endian '>f8', '>f4')");
    }
    if (raw.fortranOrder()) {
      throw new FormatException(
          name,
          "fortran_order",
          "True is not supported: only C-ordered arrays are read; save"
              + " numpy.ascontiguousarray(a) instead");
    }
    return new NpyHeader(dtype, raw.shape(), raw.count());
  }

  /**
   * The header's three fields, with the type string not yet matched against a dtype and the
   * memory order not yet restricted.
   *
   * @param descr the type string, e.g. {@code '<f4'} or {@code '<i8'}
   * @param fortranOrder whether the data is in Fortran (column-major) order
   * @param shape the shape
   * @param count the number of elements (at most {@code Npy.MAX_ELEMENTS})
   */
  record Raw(String descr, boolean fortranOrder, int[] shape, int count) {}

  /**
   * Parses a header dict literal and validates its keys, its shape and the types of its fields.
   *
   * @param header the header text
   * @param name the file name, for messages
   * @return the fields
   * @throws FormatException on any problem
   */
  static Raw parseRaw(String header, String name) throws FormatException {
    Object parsed;
    try {
      PyLiteral p = new PyLiteral(header);
      parsed = p.parseTop();
    } catch (IllegalArgumentException e) {
      throw new FormatException(
          name, "header", e.getMessage() + " in " + quote(header));
    }
    if (!(parsed instanceof Map)) {
      throw new FormatException(
          name, "header", "expected a dict literal, got " + quote(header));
    }
    Map<?, ?> dict = (Map<?, ?>) parsed;
    for (Object k : dict.keySet()) {
      if (!"descr".equals(k) && !"fortran_order".equals(k) && !"shape".equals(k)) {
        throw new FormatException(
            name,
            "header",
            "unknown key " + PyLiteral.repr(k) + "; expected 'descr', 'fortran_order' and 'shape'");
      }
    }
    for (String k : new String[] {"descr", "fortran_order", "shape"}) {
      if (!dict.containsKey(k)) {
        throw new FormatException(name, "header", "key '" + k + "' is missing in " + quote(header));
      }
    }
    Object descr = dict.get("descr");
    if (!(descr instanceof String)) {
      throw new FormatException(
          name,
          "descr",
          "dtype "
              + PyLiteral.repr(descr)
              + " is not supported (structured or non-string dtype); expected '<f8' or '<f4'");
    }
    Object fortran = dict.get("fortran_order");
    if (!(fortran instanceof Boolean)) {
      throw new FormatException(
          name, "fortran_order", "expected True or False, got " + PyLiteral.repr(fortran));
    }
    Object shapeObj = dict.get("shape");
    if (!(shapeObj instanceof PyLiteral.Tuple)) {
      throw new FormatException(
          name, "shape", "expected a tuple of integers, got " + PyLiteral.repr(shapeObj));
    }
    Object[] items = ((PyLiteral.Tuple) shapeObj).items.toArray();
    int[] shape = new int[items.length];
    for (int i = 0; i < items.length; i++) {
      Object v = items[i];
      if (!(v instanceof BigInteger)) {
        throw new FormatException(
            name,
            "shape",
            "entry " + i + " is " + PyLiteral.repr(v) + ", not an integer, in " + PyLiteral.repr(shapeObj));
      }
      BigInteger b = (BigInteger) v;
      if (b.signum() < 0 || b.compareTo(BigInteger.valueOf(Npy.MAX_ELEMENTS)) > 0) {
        throw new FormatException(
            name,
            "shape",
            "entry " + i + " is " + b + " in " + PyLiteral.repr(shapeObj)
                + "; expected an integer in [0, " + Npy.MAX_ELEMENTS + "]");
      }
      shape[i] = b.intValue();
    }
    long count = Npy.elementCount(shape);
    if (count > Npy.MAX_ELEMENTS) {
      throw new FormatException(
          name,
          "shape",
          Npy.shapeString(shape) + " has " + count + " elements; at most " + Npy.MAX_ELEMENTS
              + " fit in one array");
    }
    return new Raw((String) descr, (Boolean) fortran, shape, (int) count);
  }

  private static String quote(String header) {
    String h = header.strip();
    return "\"" + PyLiteral.printable(h.length() > 200 ? h.substring(0, 200) + "..." : h) + "\"";
  }
}
