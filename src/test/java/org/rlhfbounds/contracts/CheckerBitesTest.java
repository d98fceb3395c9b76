package org.rlhfbounds.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The checkers that guard every compile of main code actually bite.
 *
 * <p>Compiles the snippets of {@code src/test/resources/contracts/} in-process with the system Java
 * compiler and the build's own checker configuration, read from {@code pom.xml}: the {@code
 * annotationProcessors} and {@code compilerArgs} of the {@code default-compile} execution of the
 * maven-compiler-plugin, and {@code maven.compiler.release}. If the build's configuration drifts
 * (a checker dropped, a processor renamed), this test compiles with the drifted configuration and
 * fails. The processor path and class path are the test JVM's {@code java.class.path}: {@code
 * target/classes} (the range checker and {@link Reals}) and the Checker Framework jar (a {@code
 * provided} dependency, so on the test class path). The surefire {@code argLine} opens the javac
 * internals the Checker Framework needs.
 *
 * <p>Each snippet marks the errors it must get with {@code // expect: CHECKER:KEY} comments (see
 * the README beside the snippets); the test asserts that the errors are exactly those, each of
 * kind {@link Diagnostic.Kind#ERROR}, on that line, from that checker (told apart by the
 * suppression prefixes that {@code -AshowSuppressWarningsStrings} prints, an option that changes
 * the message text only) and with that message key.
 *
 * <p>Four compiles in all (the two snippets of the real-range checker share one), each a few
 * seconds: most of the cost is each checker loading its annotated JDK.
 */
class CheckerBitesTest {

  private static final String NULLNESS = "org.checkerframework.checker.nullness.NullnessChecker";
  private static final String INDEX = "org.checkerframework.checker.index.IndexChecker";
  private static final String REAL_RANGE = "org.rlhfbounds.contracts.checker.RealRangeChecker";

  /** {@code [[realrange, allcheckers]:argument] message}: the prefixes and the key. */
  private static final Pattern MESSAGE = Pattern.compile("^\\[\\[([^\\]]*)\\]:([\\w.]+)\\]");

  /** {@code // expect: realrange:argument index:array.access.unsafe.low}. */
  private static final Pattern EXPECT = Pattern.compile("//\\s*expect:\\s*(.*)$");

  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)\\}");

  /**
   * Compiled together: one checker only, so no masking (the checker itself goes on after its own
   * errors), and one compile less.
   */
  private static final List<String> RANGE_SNIPPETS =
      List.of("RangeRejected.java", "RangeArithmetic.java");

  private static List<String> processors;
  private static List<String> compilerArgs;
  private static String release;

  /** The diagnostics of each compile, by the snippets compiled. */
  private static final Map<List<String>, List<Diagnostic<? extends JavaFileObject>>> compiled =
      new HashMap<>();

  @TempDir static Path out;

  @BeforeAll
  static void readBuildConfiguration() throws Exception {
    Path pom = Path.of(System.getProperty("basedir", "."), "pom.xml");
    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
    dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = dbf.newDocumentBuilder().parse(pom.toFile());
    XPath xpath = XPathFactory.newInstance().newXPath();
    String execution =
        "/project/build/plugins/plugin[artifactId='maven-compiler-plugin']"
            + "/executions/execution[id='default-compile']/configuration";
    processors = texts(doc, xpath, execution + "/annotationProcessors/annotationProcessor");
    compilerArgs = texts(doc, xpath, execution + "/compilerArgs/arg");
    release = xpath.evaluate("/project/properties/maven.compiler.release", doc).trim();
  }

  private static List<String> texts(Document doc, XPath xpath, String path) throws Exception {
    NodeList nodes = (NodeList) xpath.evaluate(path, doc, XPathConstants.NODESET);
    List<String> result = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      result.add(resolve(nodes.item(i).getTextContent().trim(), xpath, doc));
    }
    return result;
  }

  /** Replaces {@code ${name}} by the pom property {@code name}; fails on any other reference. */
  private static String resolve(String text, XPath xpath, Document doc) throws Exception {
    Matcher m = PROPERTY.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = xpath.evaluate("/project/properties/" + m.group(1), doc).trim();
      if (value.isEmpty()) {
        fail("pom.xml: cannot resolve ${" + m.group(1) + "} in " + text);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  @Test
  void buildRunsTheThreeCheckersOnMainCode() {
    assertEquals(
        List.of(NULLNESS, INDEX, REAL_RANGE),
        processors,
        "annotationProcessors of the default-compile execution in pom.xml");
    assertFalse(release.isEmpty(), "maven.compiler.release in pom.xml");
    assertTrue(
        compilerArgs.stream().noneMatch(a -> a.startsWith("-AskipUses") || a.equals("-proc:none")),
        "the default-compile execution must not switch checking off: " + compilerArgs);
  }

  @Test
  void nullnessCheckerRejectsReturningAndDereferencingNullable() throws Exception {
    assertExactly("NullnessRejected.java", List.of("NullnessRejected.java"));
  }

  @Test
  void indexCheckerRejectsIndexNotProvablyInBounds() throws Exception {
    assertExactly("IndexRejected.java", List.of("IndexRejected.java"));
  }

  /**
   * An unchecked double passed as {@code @PositiveReal} (the {@code argument} error), literals
   * out of their range, and comparisons that prove nothing (unknown operands may be NaN or
   * infinite; wrong branch; wrong bound; {@code ||}).
   */
  @Test
  void realRangeCheckerRejectsUncheckedValuesLiteralsAndUnprovedRefinements() throws Exception {
    assertExactly("RangeRejected.java", RANGE_SNIPPETS);
  }

  /** {@code a + b} of two {@code @PositiveReal} is not {@code @PositiveReal}; nor -a, a * b, ... */
  @Test
  void realRangeCheckerRejectsArithmeticResults() throws Exception {
    assertExactly("RangeArithmetic.java", RANGE_SNIPPETS);
  }

  /**
   * The corrected snippets (the value through {@link Reals#positive}, a null check, the loop in
   * bounds), literals within range and the sound refinements ({@code x > 0} on a finite x, the
   * else branch, {@code Double.isFinite(y) && y > 0}, {@code x <= 1} on a non-negative x) compile
   * without any error or warning.
   */
  @Test
  void correctedCodeAndSoundRefinementsCompileCleanly() throws Exception {
    assertExactly("Accepted.java", List.of("Accepted.java"));
  }

  /**
   * Compiles {@code batch} (once per test class) and asserts that the errors in {@code snippet}
   * are exactly those its {@code expect} comments list, with no warning; a diagnostic without a
   * source (a processor not found, a crash) is unexpected in every snippet of the batch.
   */
  private static void assertExactly(String snippet, List<String> batch) throws Exception {
    assertTrue(batch.contains(snippet));
    Path source = snippetPath(snippet);
    Set<String> expected = expectedErrors(source);
    List<Diagnostic<? extends JavaFileObject>> diagnostics = compiled.get(batch);
    if (diagnostics == null) {
      List<Path> sources = new ArrayList<>();
      for (String s : batch) {
        sources.add(snippetPath(s));
      }
      diagnostics = compile(sources);
      compiled.put(batch, diagnostics);
    }
    Set<String> actual = new TreeSet<>();
    List<String> unexpected = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
      if (d.getSource() != null && !d.getSource().toUri().equals(source.toUri())) {
        continue; // another snippet of the batch: its own test asserts it
      }
      String message = d.getMessage(Locale.ROOT);
      String where = snippet + ":" + d.getLineNumber() + ": " + d.getKind() + ": " + message;
      switch (d.getKind()) {
        case ERROR:
          Matcher m = MESSAGE.matcher(message);
          boolean matched = false;
          if (m.find() && d.getSource() != null) {
            for (String prefix : m.group(1).split(",\\s*")) {
              String key = d.getLineNumber() + " " + prefix + ":" + m.group(2);
              if (expected.contains(key)) {
                actual.add(key);
                matched = true;
              }
            }
          }
          if (!matched) {
            unexpected.add(where);
          }
          break;
        case WARNING:
        case MANDATORY_WARNING:
          unexpected.add(where);
          break;
        default:
          break;
      }
    }
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(actual);
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      fail(
          snippet
              + ": expected errors not reported (line checker:key): "
              + missing
              + "\nunexpected diagnostics:\n  "
              + String.join("\n  ", unexpected));
    }
  }

  private static Path snippetPath(String snippet) throws URISyntaxException {
    URL url = CheckerBitesTest.class.getResource("/contracts/" + snippet);
    assertNotNull(url, "test resource contracts/" + snippet);
    return Path.of(url.toURI());
  }

  /** The {@code expect} comments of a snippet, as {@code "LINE checker:key"}. */
  private static Set<String> expectedErrors(Path source) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = EXPECT.matcher(lines.get(i));
      if (m.find()) {
        for (String e : m.group(1).trim().split("\\s+")) {
          assertTrue(e.matches("\\w+:[\\w.]+"), "malformed expect comment: " + lines.get(i));
          assertTrue(expected.add((i + 1) + " " + e), "duplicate expect: " + lines.get(i));
        }
      }
    }
    return expected;
  }

  private static List<Diagnostic<? extends JavaFileObject>> compile(List<Path> sources)
      throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "no system Java compiler: the tests must run on a JDK");
    String classPath = System.getProperty("java.class.path");
    List<String> options = new ArrayList<>(compilerArgs);
    options.addAll(
        List.of(
            "--release",
            release,
            "-processor",
            String.join(",", processors),
            "-processorpath",
            classPath,
            "-classpath",
            classPath,
            "-d",
            out.toString(),
            "-AshowSuppressWarningsStrings"));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter output = new StringWriter();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      javac.getTask(output, files, diagnostics, options, null, units).call();
    }
    assertEquals("", output.toString().trim(), "compiler output besides diagnostics");
    return diagnostics.getDiagnostics();
  }
}
