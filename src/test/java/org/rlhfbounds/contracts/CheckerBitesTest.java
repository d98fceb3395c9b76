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
import java.util.List;
import java.util.Locale;
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
 * <p>One compile per snippet, five in all, each a second or two once the JIT is warm.
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

  private static List<String> processors;
  private static List<String> compilerArgs;
  private static String release;

  @TempDir Path out;

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
    processors = texts(doc, xpath, execution + "/annotationProcessors/annotationProcessor", doc);
    compilerArgs = texts(doc, xpath, execution + "/compilerArgs/arg", doc);
    release = xpath.evaluate("/project/properties/maven.compiler.release", doc).trim();
  }

  private static List<String> texts(Document doc, XPath xpath, String path, Document props)
      throws Exception {
    NodeList nodes = (NodeList) xpath.evaluate(path, doc, XPathConstants.NODESET);
    List<String> result = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      result.add(resolve(nodes.item(i).getTextContent().trim(), xpath, props));
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
    assertExactly("NullnessRejected.java");
  }

  @Test
  void indexCheckerRejectsIndexNotProvablyInBounds() throws Exception {
    assertExactly("IndexRejected.java");
  }

  /**
   * An unchecked double passed as {@code @PositiveReal} (the {@code argument} error), literals
   * out of their range, and comparisons that prove nothing (unknown operands may be NaN or
   * infinite; wrong branch; wrong bound; {@code ||}).
   */
  @Test
  void realRangeCheckerRejectsUncheckedValuesLiteralsAndUnprovedRefinements() throws Exception {
    assertExactly("RangeRejected.java");
  }

  /** {@code a + b} of two {@code @PositiveReal} is not {@code @PositiveReal}; nor -a, a * b, ... */
  @Test
  void realRangeCheckerRejectsArithmeticResults() throws Exception {
    assertExactly("RangeArithmetic.java");
  }

  /**
   * The corrected snippets (the value through {@link Reals#positive}, a null check, the loop in
   * bounds), literals within range and the sound refinements ({@code x > 0} on a finite x, the
   * else branch, {@code Double.isFinite(y) && y > 0}, {@code x <= 1} on a non-negative x) compile
   * without any error or warning.
   */
  @Test
  void correctedCodeAndSoundRefinementsCompileCleanly() throws Exception {
    assertExactly("Accepted.java");
  }

  /**
   * Compiles one snippet and asserts that its errors are exactly those its {@code expect}
   * comments list, with no warning.
   */
  private void assertExactly(String snippet) throws Exception {
    Path source = snippetPath(snippet);
    Set<String> expected = expectedErrors(source);
    List<Diagnostic<? extends JavaFileObject>> diagnostics = compile(source);
    Set<String> actual = new TreeSet<>();
    List<String> unexpected = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
      String message = d.getMessage(Locale.ROOT);
      String where = snippet + ":" + d.getLineNumber() + ": " + d.getKind() + ": " + message;
      switch (d.getKind()) {
        case ERROR:
          Matcher m = MESSAGE.matcher(message);
          boolean matched = false;
          if (m.find()
              && d.getSource() != null
              && d.getSource().toUri().equals(source.toUri())) {
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

  private List<Diagnostic<? extends JavaFileObject>> compile(Path source) throws IOException {
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
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(source);
      javac.getTask(output, files, diagnostics, options, null, units).call();
    }
    assertEquals("", output.toString().trim(), "compiler output besides diagnostics");
    return diagnostics.getDiagnostics();
  }
}
