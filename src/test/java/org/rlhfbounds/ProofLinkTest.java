package org.rlhfbounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.bounds.BoundTheorem;
import org.rlhfbounds.bounds.TheoremRegistry;

/**
 * Keeps {@code proofs/} and the code linked: fails when
 *
 * <ol>
 *   <li>a theorem id named by {@code @Theorem} in main code has no {@code proofs/<id>.md};
 *   <li>a proof file (in its <b>Code.</b> or <b>Properties.</b> section) or the index names a class
 *       or method that does not exist: every backticked {@code fully.qualified.Class#method} must
 *       load by reflection and declare a method of that name; Code must name main classes,
 *       Properties JUnit test methods;
 *   <li>{@code proofs/README.md}'s index and the set of proof files disagree;
 *   <li>a proof file lacks one of the sections Statement, Assumptions, Proof, Code, Properties,
 *       Sources (in that order), or its title line is not {@code # <id>: <title>}.
 * </ol>
 *
 * <p>Theorem ids are found by scanning the <em>sources</em> under {@code src/main/java} (comments
 * removed, string literals kept) for {@code @Theorem(} or {@code @org.rlhfbounds.contracts.Theorem(}
 * and collecting every string literal inside the parentheses: a single id {@code ("F1")}, an array
 * {@code ({"F1", "F4"})} or {@code (value = ...)}. Sources rather than compiled classes, so a
 * class that fails to load or a nested or local class is never missed. Paths are relative to the
 * project directory (Surefire's working directory).
 */
class ProofLinkTest {
  static final List<String> SECTIONS =
      List.of("Statement", "Assumptions", "Proof", "Code", "Properties", "Sources");

  private static final Pattern ANNOTATION =
      Pattern.compile("@(?:org\\.rlhfbounds\\.contracts\\.)?Theorem\\s*\\(");
  private static final Pattern SECTION = Pattern.compile("(?m)^\\*\\*([A-Z][a-z]+)\\.\\*\\*");
  private static final Pattern BACKTICK = Pattern.compile("`([^`]+)`");
  private static final Pattern REFERENCE =
      Pattern.compile("[a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)*\\.[A-Z][A-Za-z0-9_$.]*(?:#[A-Za-z_][A-Za-z0-9_]*)?");
  private static final Set<String> TEST_ANNOTATIONS =
      Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate");

  @Test
  void everyTheoremIdInMainCodeHasAProof() {
    List<String> p = new ArrayList<>();
    checkIds(Paths.get("src/main/java"), Paths.get("proofs"), p);
    assertTrue(p.isEmpty(), String.join("\n", p));
  }

  @Test
  void everyProofHasAllSectionsAndNamesExistingCode() {
    List<String> p = new ArrayList<>();
    checkProofs(Paths.get("proofs"), p);
    assertTrue(p.isEmpty(), String.join("\n", p));
  }

  @Test
  void indexAgreesWithTheProofFiles() {
    List<String> p = new ArrayList<>();
    checkIndex(Paths.get("proofs"), p);
    assertTrue(p.isEmpty(), String.join("\n", p));
  }

  /**
   * The theorem registry and the proofs agree: every registered theorem has its proof, whose Code
   * section names a method of the registered class, and every theorem proof ({@code T-*.md}) is
   * registered.
   */
  @Test
  void registryAndProofsAgree() {
    List<String> p = new ArrayList<>();
    checkRegistry(Paths.get("proofs"), p);
    assertTrue(p.isEmpty(), String.join("\n", p));
  }

  static void checkRegistry(Path proofs, List<String> problems) {
    Set<String> registered = new TreeSet<>();
    for (BoundTheorem t : TheoremRegistry.ALL) {
      String id = t.id();
      if (!registered.add(id)) {
        problems.add("the registry lists " + id + " twice");
      }
      Path f = proofs.resolve(id + ".md");
      if (!Files.isRegularFile(f)) {
        problems.add("registered theorem " + id + " has no " + f);
        continue;
      }
      String cls = t.getClass().getName();
      if (!sections(read(f)).getOrDefault("Code", "").contains("`" + cls + "#")) {
        problems.add(f + ": Code names no method of the registered class " + cls);
      }
    }
    for (Path f : proofFiles(proofs)) {
      String n = f.getFileName().toString();
      String id = n.substring(0, n.length() - 3);
      if (id.startsWith("T-") && !registered.contains(id)) {
        problems.add(id + ".md is a theorem proof but " + id + " is not in TheoremRegistry.ALL");
      }
    }
  }

  /** The checker itself finds each kind of broken link, on a planted tree. */
  @Test
  void detectsEveryKindOfBrokenLink(@TempDir Path tmp) throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src/org/x"));
    Files.writeString(
        src.resolve("A.java"),
        "package org.x;\n"
            + "// @Theorem(\"COMMENTED\")\n"
            + "/* @Theorem(\"ALSO_COMMENTED\") */\n"
            + "class A {\n"
            + "  @org.rlhfbounds.contracts.Theorem({\"OK\", \"MISSING1\"}) void a() {}\n"
            + "  @Theorem(value = \"MISSING2\") void b() { String s = \"@Theorem(\\\"NOPE\\\")\"; }\n"
            + "}\n");
    Path proofs = Files.createDirectories(tmp.resolve("proofs"));
    String good =
        "# OK: fine\n**Statement.** s\n**Assumptions.** a\n**Proof.** p\n"
            + "**Code.** `org.rlhfbounds.objective.Objective#gradient`\n"
            + "**Properties.** `org.rlhfbounds.objective.GradientProperties#gradientMatchesClosedForm`\n"
            + "**Sources.** none\n";
    Files.writeString(proofs.resolve("OK.md"), good);
    Files.writeString(
        proofs.resolve("BAD.md"),
        good.replace("# OK", "# BAD")
            .replace("Objective#gradient", "Objective#gradientRenamed")
            .replace("**Assumptions.** a\n", ""));
    Files.writeString(
        proofs.resolve("README.md"),
        "| id | statement | code | properties |\n| --- | --- | --- | --- |\n"
            + "| OK | s | `org.rlhfbounds.objective.Objective#value` | `org.rlhfbounds.NoSuch#x` |\n"
            + "| GHOST | s | | |\n");
    List<String> p = new ArrayList<>();
    checkIds(tmp.resolve("src"), proofs, p);
    checkProofs(proofs, p);
    checkIndex(proofs, p);
    String all = String.join("\n", p);
    assertTrue(all.contains("MISSING1"), all);
    assertTrue(all.contains("MISSING2"), all);
    assertTrue(!all.contains("COMMENTED") && !all.contains("NOPE"), all);
    assertTrue(all.contains("gradientRenamed"), all);
    assertTrue(all.contains("BAD.md: section Assumptions"), all);
    assertTrue(all.contains("GHOST"), all);
    assertTrue(all.contains("index lacks BAD"), all);
    assertTrue(all.contains("org.rlhfbounds.NoSuch"), all);
    assertEquals(7, p.size(), all);
  }

  // ---- checks, each appending human-readable problems ----

  static void checkIds(Path sourceRoot, Path proofs, List<String> problems) {
    Map<String, Set<String>> ids = theoremIds(sourceRoot);
    assertTrue(!ids.isEmpty() || !sourceRoot.endsWith("java"), "no @Theorem found under " + sourceRoot);
    for (Map.Entry<String, Set<String>> e : ids.entrySet()) {
      if (!Files.isRegularFile(proofs.resolve(e.getKey() + ".md"))) {
        problems.add(
            "theorem id " + e.getKey() + " (used in " + e.getValue() + ") has no "
                + proofs.resolve(e.getKey() + ".md"));
      }
    }
  }

  static void checkProofs(Path proofs, List<String> problems) {
    for (Path f : proofFiles(proofs)) {
      String name = f.getFileName().toString();
      String id = name.substring(0, name.length() - 3);
      String text = read(f);
      String first = text.lines().findFirst().orElse("");
      if (!first.startsWith("# " + id + ": ") || first.length() <= id.length() + 4) {
        problems.add(name + ": first line must be '# " + id + ": <title>', got '" + first + "'");
      }
      Map<String, String> sections = sections(text);
      List<String> order = new ArrayList<>(sections.keySet());
      for (String s : SECTIONS) {
        if (!sections.containsKey(s)) {
          problems.add(name + ": section " + s + " is missing");
        }
      }
      List<String> expected =
          SECTIONS.stream().filter(sections::containsKey).collect(Collectors.toList());
      List<String> known = order.stream().filter(SECTIONS::contains).collect(Collectors.toList());
      if (!known.equals(expected)) {
        problems.add(name + ": sections out of order: " + known);
      }
      for (String s : List.of("Code", "Properties")) {
        String body = sections.get(s);
        if (body != null) {
          checkReferences(name + " " + s, body, s.equals("Properties"), true, problems);
        }
      }
    }
  }

  static void checkIndex(Path proofs, List<String> problems) {
    Path readme = proofs.resolve("README.md");
    if (!Files.isRegularFile(readme)) {
      problems.add("index " + readme + " is missing");
      return;
    }
    Set<String> indexed = new TreeSet<>();
    for (String line : read(readme).lines().collect(Collectors.toList())) {
      String t = line.trim();
      if (!t.startsWith("|") || t.startsWith("| id ") || t.matches("\\|[\\s\\-|:]*")) {
        continue;
      }
      String[] cells = t.substring(1).split("\\|", -1);
      String id = cells[0].trim();
      if (!indexed.add(id)) {
        problems.add("index lists " + id + " twice");
      }
      if (cells.length >= 4) {
        checkReferences("README.md row " + id + " code", cells[2], false, false, problems);
        checkReferences("README.md row " + id + " properties", cells[3], true, false, problems);
      } else {
        problems.add("index row " + id + " must have 4 columns: | id | statement | code | properties |");
      }
    }
    Set<String> files = new TreeSet<>();
    for (Path f : proofFiles(proofs)) {
      String n = f.getFileName().toString();
      files.add(n.substring(0, n.length() - 3));
    }
    for (String id : indexed) {
      if (!files.contains(id)) {
        problems.add("index lists " + id + " but " + id + ".md does not exist");
      }
    }
    for (String id : files) {
      if (!indexed.contains(id)) {
        problems.add("index lacks " + id + " (" + id + ".md exists)");
      }
    }
  }

  // ---- parsing ----

  /** Sections of a proof: name to body, in order of appearance. */
  static Map<String, String> sections(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = SECTION.matcher(text);
    String name = null;
    int start = 0;
    while (m.find()) {
      if (name != null) {
        out.putIfAbsent(name, text.substring(start, m.start()));
      }
      name = m.group(1);
      start = m.end();
    }
    if (name != null) {
      out.putIfAbsent(name, text.substring(start));
    }
    return out;
  }

  /**
   * Every backticked span must be a resolvable reference; a section with none must say "None".
   */
  static void checkReferences(
      String where, String body, boolean tests, boolean required, List<String> problems) {
    Matcher m = BACKTICK.matcher(body);
    int n = 0;
    while (m.find()) {
      n++;
      String ref = m.group(1).trim();
      String err = resolve(ref, tests);
      if (err != null) {
        problems.add(where + ": `" + ref + "` " + err);
      }
    }
    if (n == 0 && required && !body.trim().startsWith("None")) {
      problems.add(where + ": names no code (write `pkg.Class#method`, or start with 'None')");
    }
  }

  /** Returns null when the reference resolves, else the reason. */
  static String resolve(String ref, boolean tests) {
    if (!REFERENCE.matcher(ref).matches()) {
      return "is not of the form fully.qualified.Class#method";
    }
    String cls = ref.contains("#") ? ref.substring(0, ref.indexOf('#')) : ref;
    String method = ref.contains("#") ? ref.substring(ref.indexOf('#') + 1) : null;
    Class<?> c = load(cls);
    if (c == null) {
      return "names class " + cls + ", which does not load";
    }
    String location = String.valueOf(c.getProtectionDomain().getCodeSource().getLocation());
    boolean isTestClass = location.contains("test-classes");
    if (tests != isTestClass) {
      return tests ? "is not a test class" : "is test code, not main code";
    }
    if (method == null) {
      return null;
    }
    List<Method> found = new ArrayList<>();
    for (Method x : c.getDeclaredMethods()) {
      if (x.getName().equals(method)) {
        found.add(x);
      }
    }
    if (found.isEmpty()) {
      return "names method " + method + ", which " + cls + " does not declare";
    }
    if (tests) {
      for (Method x : found) {
        for (Annotation a : x.getAnnotations()) {
          if (TEST_ANNOTATIONS.contains(a.annotationType().getSimpleName())) {
            return null;
          }
        }
      }
      return "is not a JUnit test method";
    }
    return null;
  }

  private static Class<?> load(String name) {
    String n = name;
    while (true) {
      try {
        return Class.forName(n, false, ProofLinkTest.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        int dot = n.lastIndexOf('.');
        if (dot < 0 || !Character.isUpperCase(n.charAt(n.lastIndexOf('.', dot - 1) + 1))) {
          return null;
        }
        n = n.substring(0, dot) + "$" + n.substring(dot + 1); // nested class
      }
    }
  }

  /** Theorem ids used under a source root, each with the files that use it. */
  static Map<String, Set<String>> theoremIds(Path root) {
    Map<String, Set<String>> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
        for (String id : theoremIdsIn(stripComments(read(f)))) {
          out.computeIfAbsent(id, k -> new TreeSet<>()).add(root.relativize(f).toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The string literals inside every {@code @Theorem(...)} of comment-free source text. */
  static List<String> theoremIdsIn(String code) {
    List<String> ids = new ArrayList<>();
    Matcher m = ANNOTATION.matcher(code);
    int from = 0;
    while (m.find(from)) {
      if (insideString(code, m.start())) {
        from = m.end();
        continue;
      }
      int i = m.end();
      int depth = 1;
      while (i < code.length() && depth > 0) {
        char ch = code.charAt(i);
        if (ch == '"') {
          StringBuilder lit = new StringBuilder();
          i++;
          while (i < code.length() && code.charAt(i) != '"') {
            if (code.charAt(i) == '\\') {
              i++;
            }
            lit.append(code.charAt(i));
            i++;
          }
          ids.add(lit.toString());
        } else if (ch == '(') {
          depth++;
        } else if (ch == ')') {
          depth--;
        }
        i++;
      }
      from = i;
    }
    return ids;
  }

  private static boolean insideString(String code, int pos) {
    int lineStart = code.lastIndexOf('\n', pos) + 1;
    int quotes = 0;
    for (int i = lineStart; i < pos; i++) {
      if (code.charAt(i) == '\\') {
        i++;
      } else if (code.charAt(i) == '"') {
        quotes++;
      }
    }
    return quotes % 2 == 1;
  }

  /** Removes // and block comments, keeping string and char literals intact. */
  static String stripComments(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        j = Math.min(j + 1, s.length());
        out.append(s, i, j);
        i = j;
      } else if (s.startsWith("//", i)) {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? s.length() : end + 2;
        out.append(' ');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static List<Path> proofFiles(Path proofs) {
    try (Stream<Path> s = Files.list(proofs)) {
      return s.filter(p -> p.toString().endsWith(".md"))
          .filter(p -> !p.getFileName().toString().equals("README.md"))
          .filter(p -> !p.getFileName().toString().equals("MODEL.md")) // model and notation
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
