package org.rlhfbounds.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** {@link Npy#layout}: where the data of a {@code .npy} file lies, for readers of byte ranges. */
class NpyLayoutTest {
  @Test
  void elementIStartsAtDataStartPlusITimesTheItemSize() throws IOException {
    double[] data = new double[3 * 2 * 5];
    for (int i = 0; i < data.length; i++) {
      data[i] = i + 0.5;
    }
    for (Npy.DType t : Npy.DType.values()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Npy.write(out, data, t, 3, 2, 5);
      byte[] file = out.toByteArray();
      Npy.Layout l = Npy.layout(new ByteArrayInputStream(file), "f.npy");
      assertEquals(t, l.dtype());
      assertArrayEquals(new int[] {3, 2, 5}, l.shape());
      assertEquals(file.length - (long) data.length * t.itemSize(), l.dataStart());
      ByteBuffer bb = ByteBuffer.wrap(file).order(t.order());
      int at = (int) l.dataStart() + 17 * t.itemSize();
      double x = t.itemSize() == 4 ? bb.getFloat(at) : bb.getDouble(at);
      assertEquals(17.5, x, t.name());
    }
  }

  @Test
  void anUnsupportedDtypeIsRefusedNamingTheFile() {
    byte[] header = "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + header.length + 1).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) (header.length + 1));
    b.put(header).put((byte) '\n');
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> Npy.layout(new ByteArrayInputStream(b.array()), "offsets.npy"));
    assertTrue(String.valueOf(e.getMessage()).startsWith("offsets.npy: descr: "), e.getMessage());
  }
}
