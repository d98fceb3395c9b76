package org.rlhfbounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package direction of the project: {@code contracts < model < objective < testkit <
 * learners < stability < bounds < audit < rates < report < cli}, and a class of a lower package
 * never refers to a higher one. Checked twice over the main code: in the sources (import lines and fully qualified
 * names outside comments, so an unused import counts) and in the compiled classes (every class
 * name in the constant pool, so a reference through a fully qualified name or a signature counts).
 * Sub-packages ({@code model.io}, {@code contracts.rounding}, ...) rank with their top package.
 */
class PackageDirectionTest {

  /** The packages from the lowest to the highest. */
  static final List<String> ORDER =
      List.of(
          "contracts", "model", "objective", "testkit", "learners", "stability", "bounds", "audit",
          "rates", "report", "cli");

  /**
   * Known violations, class to the package it may still refer to, each to be removed once fixed;
   * the test also fails when an entry is no longer needed. Empty: the direction is strict.
   */
  static final Map<String, String> KNOWN = Map.of();

  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?org\\.rlhfbounds\\.([a-z]+)[.;]", Pattern.MULTILINE);
  private static final Pattern QUALIFIED = Pattern.compile("\\borg\\.rlhfbounds\\.([a-z]+)\\.");
  private static final Pattern SOURCE_PACKAGE =
      Pattern.compile("^package\\s+org\\.rlhfbounds\\.([a-z]+)[.;]", Pattern.MULTILINE);
  private static final Pattern INTERNAL = Pattern.compile("org/rlhfbounds/([a-z]+)/");

  /** The rank of a top package, -1 for a package outside the order. */
  static int rank(String pkg) {
    return ORDER.indexOf(pkg);
  }

  /** Java source without comments and string literals (so text in them never counts). */
  static String code(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
        while (i < n && src.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < n && src.charAt(i) != c) {
          i += src.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        out.append("\"\"");
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * The higher packages one source file refers to.
   *
   * @param src the source text
   * @return {@code pkg -> higher} lines, empty if the file respects the order
   */
  static List<String> sourceViolations(String src) {
    String code = code(src);
    Matcher p = SOURCE_PACKAGE.matcher(code);
    if (!p.find()) {
      return List.of();
    }
    String own = p.group(1);
    Set<String> used = new TreeSet<>();
    for (Pattern pat : List.of(IMPORT, QUALIFIED)) {
      Matcher m = pat.matcher(code);
      while (m.find()) {
        used.add(m.group(1));
      }
    }
    return higher(own, used);
  }

  private static List<String> higher(String own, Set<String> used) {
    List<String> out = new ArrayList<>();
    for (String u : used) {
      if (rank(u) > rank(own) && rank(own) >= 0) {
        out.add(own + " -> " + u);
      }
    }
    return out;
  }

  /**
   * The top packages of {@code org.rlhfbounds} named in the constant pool of a class file (class
   * names, descriptors and signatures: every CONSTANT_Utf8 entry).
   *
   * @param classFile the bytes of the class file
   * @return the package names
   * @throws IOException if the class file is malformed
   */
  static Set<String> referencedPackages(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    Set<String> out = new TreeSet<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1: // Utf8
          Matcher m = INTERNAL.matcher(in.readUTF());
          while (m.find()) {
            out.add(m.group(1));
          }
          break;
        case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
          in.readUnsignedShort();
          break;
        case 15: // MethodHandle
          in.readUnsignedByte();
          in.readUnsignedShort();
          break;
        case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
          in.readInt();
          break;
        case 5: case 6: // Long, Double: two slots
          in.readLong();
          i++;
          break;
        default:
          throw new IOException("unknown constant pool tag " + tag);
      }
    }
    return out;
  }

  private static List<Path> files(Path root, String suffix) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().collect(Collectors.toList());
    }
  }

  /** Removes the known violations (and records which were used). */
  private static List<String> unknown(String cls, List<String> found, Set<String> usedKnown) {
    List<String> out = new ArrayList<>();
    for (String v : found) {
      String target = "org.rlhfbounds." + v.substring(v.indexOf("-> ") + 3);
      if (target.equals(KNOWN.get(cls))) {
        usedKnown.add(cls);
      } else {
        out.add(cls + ": " + v);
      }
    }
    return out;
  }

  @Test
  void lowerPackagesNeverReferToHigherOnesInTheSources() throws IOException {
    Path root = Paths.get("src/main/java");
    List<String> bad = new ArrayList<>();
    Set<String> usedKnown = new TreeSet<>();
    List<Path> sources = files(root, ".java");
    assertTrue(sources.size() > 50, "main sources not found under " + root.toAbsolutePath());
    for (Path f : sources) {
      String rel = root.relativize(f).toString().replace('\\', '/');
      String cls = rel.substring(0, rel.length() - ".java".length()).replace('/', '.');
      String src = Files.readString(f, StandardCharsets.UTF_8);
      bad.addAll(unknown(cls, sourceViolations(src), usedKnown));
    }
    assertEquals(List.of(), bad, "lower packages refer to higher ones (order " + ORDER + ")");
    assertEquals(KNOWN.keySet(), usedKnown, "a known violation is fixed: remove it from KNOWN");
  }

  @Test
  void lowerPackagesNeverReferToHigherOnesInTheClasses() throws IOException {
    Path root = Paths.get("target/classes");
    List<String> bad = new ArrayList<>();
    Set<String> usedKnown = new TreeSet<>();
    List<Path> classes = files(root.resolve("org/rlhfbounds"), ".class");
    assertTrue(classes.size() > 50, "compiled classes not found under " + root.toAbsolutePath());
    for (Path f : classes) {
      String rel = root.relativize(f).toString().replace('\\', '/');
      String[] parts = rel.split("/");
      if (parts.length < 4) {
        continue;
      }
      String own = parts[2];
      String cls = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
      int nested = cls.indexOf('$');
      String outer = nested < 0 ? cls : cls.substring(0, nested);
      bad.addAll(unknown(outer, higher(own, referencedPackages(Files.readAllBytes(f))), usedKnown));
    }
    assertEquals(List.of(), bad, "lower packages refer to higher ones (order " + ORDER + ")");
    assertEquals(KNOWN.keySet(), usedKnown, "a known violation is fixed: remove it from KNOWN");
  }

  @Test
  void theSourceScanSeesImportsAndQualifiedNamesButNotComments() {
    assertEquals(
        List.of("model -> report"),
        sourceViolations("package org.rlhfbounds.model.io;\nimport org.rlhfbounds.report.Report;\n"));
    assertEquals(
        List.of("stability -> bounds"),
        sourceViolations(
            "package org.rlhfbounds.stability;\nclass A { double x = org.rlhfbounds.bounds.LemmaK"
                + ".phi(2); }\n"));
    assertEquals(
        List.of(),
        sourceViolations(
            "package org.rlhfbounds.model;\n/** {@link org.rlhfbounds.cli.Main} */\n// org.rlhfbounds"
                + ".cli.Main\nclass A { String s = \"org.rlhfbounds.cli.Main\"; }\n"));
    assertEquals(
        List.of(), sourceViolations("package org.rlhfbounds.cli;\nimport org.rlhfbounds.model.Sample;\n"));
  }

  @Test
  void theClassScanSeesClassNamesInTheConstantPool() throws IOException {
    Path f = Paths.get("target/classes/org/rlhfbounds/report/OptimisationExperiment.class");
    Set<String> used = referencedPackages(Files.readAllBytes(f));
    assertTrue(used.containsAll(Set.of("report", "rates", "bounds", "learners", "model")), used.toString());
    assertTrue(!used.contains("cli"), used.toString());
  }
}
