package org.rlhfbounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;

/**
 * Keeps the Coq proofs in {@code proofs/coq} and their citations linked: fails when
 *
 * <ol>
 *   <li>a {@code **Coq.**} line of a proof file in {@code proofs/} names (in backticks) a lemma
 *       that no {@code Lemma}, {@code Theorem} or {@code Corollary} of {@code proofs/coq/*.v}
 *       declares, or names none;
 *   <li>a public method of {@link Up} or {@link Down} has no {@code Coq: {@code NAME}} line in its
 *       Javadoc, or names a lemma that does not exist;
 *   <li>a {@code .v} file contains {@code Admitted}, {@code admit}, {@code Axiom} or {@code
 *       Parameter} (outside comments), or is not listed in {@code _CoqProject} (so not built).
 * </ol>
 *
 * <p>That the lemmas hold is checked by {@code make -C proofs/coq}, which CI runs before the
 * tests; this test checks only the names. Paths are relative to the project directory.
 */
class CoqLinkTest {
  private static final Pattern DECLARATION =
      Pattern.compile("(?m)^\\s*(?:Lemma|Theorem|Corollary)\\s+([A-Za-z_][A-Za-z0-9_']*)");
  private static final Pattern COQ_LINE = Pattern.compile("(?m)^\\*\\*Coq\\.\\*\\*(.*)$");
  private static final Pattern BACKTICK = Pattern.compile("`([^`]+)`");
  private static final Pattern JAVADOC_METHOD =
      Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public\\s+static\\s+[^(=;]*?\\b(\\w+)\\s*\\(",
          Pattern.DOTALL);
  private static final Pattern COQ_JAVADOC =
      Pattern.compile("Coq:((?:\\s*\\{@code\\s+[A-Za-z_][A-Za-z0-9_']*\\}\\s*,?)+)");
  private static final Pattern CODE = Pattern.compile("\\{@code\\s+([A-Za-z_][A-Za-z0-9_']*)\\}");
  private static final Pattern FORBIDDEN =
      Pattern.compile("\\b(Admitted|admit|Axiom|Axioms|Parameter|Parameters|Conjecture)\\b");
  private static final Path COQ = Paths.get("proofs/coq");
  private static final Path ROUNDING = Paths.get("src/main/java/org/rlhfbounds/contracts/rounding");

  @Test
  void everyCoqLineOfAProofNamesExistingLemmas() {
    List<String> p = new ArrayList<>();
    Set<String> lemmas = lemmas(COQ);
    assertTrue(lemmas.size() >= 30, "expected at least 30 lemmas, found " + lemmas.size());
    int lines = checkProofFiles(Paths.get("proofs"), lemmas, p);
    assertTrue(lines >= 8, "expected a Coq line in at least 8 proof files, found " + lines);
    assertTrue(p.isEmpty(), String.join("\n", p));
  }

  @Test
  void everyPublicRoundingMethodNamesAnExistingLemma() {
    List<String> p = new ArrayList<>();
    Set<String> lemmas = lemmas(COQ);
    for (Class<?> c : List.of(Up.class, Down.class)) {
      checkJavadoc(c.getSimpleName(), read(ROUNDING.resolve(c.getSimpleName() + ".java")),
          publicStaticMethods(c), lemmas, p);
    }
    assertTrue(p.isEmpty(), String.join("\n", p));
  }

  @Test
  void proofsHaveNoGapsAndAreAllBuilt() {
    List<String> p = new ArrayList<>();
    checkSources(COQ, p);
    assertTrue(p.isEmpty(), String.join("\n", p));
  }

  /** The checker itself finds each kind of broken link, on a planted tree. */
  @Test
  void detectsEveryKindOfBrokenLink(@TempDir Path tmp) throws IOException {
    Path coq = Files.createDirectories(tmp.resolve("proofs/coq"));
    Files.writeString(coq.resolve("_CoqProject"), "-R . X\nA.v\n");
    Files.writeString(coq.resolve("A.v"),
        "(* Admitted in a comment is fine *)\nLemma GOOD_one : True.\nProof. exact I. Qed.\n"
            + "Theorem GOOD_two : True.\nProof. admit. Admitted.\n");
    Files.writeString(coq.resolve("B.v"), "Corollary GOOD_three : True.\nProof. exact I. Qed.\n");
    Path proofs = tmp.resolve("proofs");
    Files.writeString(proofs.resolve("P.md"),
        "# P: t\n**Coq.** `GOOD_one`, `MISSING_one`\n");
    Files.writeString(proofs.resolve("Q.md"), "# Q: t\n**Coq.** none\n");
    String source =
        "class A {\n  /**\n   * Sum.\n   *\n   * <p>Coq: {@code GOOD_two}.\n   */\n"
            + "  public static double add(double a) { return a; }\n"
            + "  /**\n   * Product.\n   *\n   * <p>Coq: {@code MISSING_two}, {@code GOOD_three}.\n   */\n"
            + "  public static double mul(double a) { return a; }\n"
            + "  /** Quotient. */\n  public static double div(double a) { return a; }\n}\n";
    List<String> p = new ArrayList<>();
    Set<String> lemmas = lemmas(coq);
    assertEquals(Set.of("GOOD_one", "GOOD_two", "GOOD_three"), lemmas);
    checkProofFiles(proofs, lemmas, p);
    checkJavadoc("A", source, List.of("add", "mul", "div", "sqrt"), lemmas, p);
    checkSources(coq, p);
    String all = String.join("\n", p);
    assertTrue(all.contains("MISSING_one"), all);
    assertTrue(all.contains("Q.md"), all);
    assertTrue(all.contains("MISSING_two") && !all.contains("GOOD_three"), all);
    assertTrue(all.contains("A#div"), all);
    assertTrue(all.contains("A#sqrt"), all);
    assertTrue(all.contains("A.v: Admitted") && all.contains("A.v: admit"), all);
    assertTrue(all.contains("B.v is not listed"), all);
    assertEquals(8, p.size(), all);
  }

  // ---- checks, each appending human-readable problems ----

  /** Checks every Coq line of the proof files; returns how many proof files have one. */
  static int checkProofFiles(Path proofs, Set<String> lemmas, List<String> problems) {
    int withLine = 0;
    for (Path f : list(proofs, ".md")) {
      Matcher m = COQ_LINE.matcher(read(f));
      boolean any = false;
      while (m.find()) {
        any = true;
        List<String> names = backticked(m.group(1));
        if (names.isEmpty()) {
          problems.add(f.getFileName() + ": Coq line names no lemma");
        }
        for (String n : names) {
          if (!lemmas.contains(n)) {
            problems.add(f.getFileName() + ": Coq line names `" + n + "`, not a lemma of " + COQ);
          }
        }
      }
      withLine += any ? 1 : 0;
    }
    return withLine;
  }

  /** Checks that each of {@code methods} has a Javadoc naming existing lemmas. */
  static void checkJavadoc(
      String cls, String source, List<String> methods, Set<String> lemmas, List<String> problems) {
    Map<String, String> docs = new HashMap<>();
    Matcher m = JAVADOC_METHOD.matcher(source);
    while (m.find()) {
      docs.merge(m.group(2), m.group(1), (a, b) -> a + "\n" + b);
    }
    for (String method : methods) {
      String doc = docs.get(method);
      Matcher coq = COQ_JAVADOC.matcher(doc == null ? "" : doc.replaceAll("(?m)^\\s*\\*", " "));
      if (!coq.find()) {
        problems.add(cls + "#" + method + ": Javadoc names no Coq lemma (\"Coq: {@code NAME}\")");
        continue;
      }
      do {
        Matcher code = CODE.matcher(coq.group(1));
        while (code.find()) {
          if (!lemmas.contains(code.group(1))) {
            problems.add(cls + "#" + method + ": Javadoc names " + code.group(1)
                + ", not a lemma of " + COQ);
          }
        }
      } while (coq.find());
    }
  }

  /** No gaps, no axioms of the project, every file built. */
  static void checkSources(Path coq, List<String> problems) {
    Set<String> listed = read(coq.resolve("_CoqProject")).lines().map(String::trim)
        .filter(l -> l.endsWith(".v")).collect(Collectors.toCollection(TreeSet::new));
    for (Path f : list(coq, ".v")) {
      String name = f.getFileName().toString();
      Matcher m = FORBIDDEN.matcher(withoutComments(read(f)));
      while (m.find()) {
        problems.add(name + ": " + m.group(1));
      }
      if (!listed.contains(name)) {
        problems.add(name + " is not listed in _CoqProject");
      }
    }
  }

  // ---- parsing ----

  static Set<String> lemmas(Path coq) {
    Set<String> out = new TreeSet<>();
    for (Path f : list(coq, ".v")) {
      Matcher m = DECLARATION.matcher(withoutComments(read(f)));
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** Coq comments, nested, removed. */
  static String withoutComments(String text) {
    StringBuilder b = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.startsWith("(*", i)) {
        depth++;
        i++;
      } else if (depth > 0 && text.startsWith("*)", i)) {
        depth--;
        i++;
      } else if (depth == 0) {
        b.append(text.charAt(i));
      } else if (text.charAt(i) == '\n') {
        b.append('\n');
      }
    }
    return b.toString();
  }

  private static List<String> backticked(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = BACKTICK.matcher(s);
    while (m.find()) {
      out.add(m.group(1).trim());
    }
    return out;
  }

  private static List<String> publicStaticMethods(Class<?> c) {
    List<String> out = new ArrayList<>();
    for (Method m : c.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
        out.add(m.getName());
      }
    }
    assertTrue(!out.isEmpty(), "no public method in " + c);
    return out;
  }

  private static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
