package org.rlhfbounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the project's documentation self-contained: a reader of the sources, the proofs and the
 * README must be able to follow every reference inside the repository. Fails when
 *
 * <ol>
 *   <li>a file under {@code src/} or {@code proofs/}, or {@code README.md}, names the outside theory
 *       brief the notation came from (the upper-case word of {@link #BRIEF}, with or without its
 *       file extension);
 *   <li>such a file names an absolute path outside the repository ({@link #OUTSIDE_PATH}: the
 *       usual top-level directories of a Unix or macOS machine);
 *   <li>a comment in a Java source names an issue or pull-request number ({@link #ISSUE_WORD}, or a
 *       hash followed by digits, {@link #HASH_NUMBER}), or a Markdown file names an issue number;
 *   <li>a reference to {@code proofs/MODEL.md} with an anchor, anywhere (or a local link {@code
 *       (#anchor)} inside that file), has no heading there with that anchor.
 * </ol>
 *
 * <p>Anchors are computed as GitHub renders headings: the heading text without Markdown code
 * backticks, lower-cased, every character other than a letter, digit, space, hyphen or underscore
 * removed, spaces replaced by hyphens; a repeated anchor gets the suffix {@code -1}, {@code -2}, ...
 * The planted examples below spell the forbidden words in pieces, so that this file passes its own
 * check without an exemption. Paths are relative to the project directory (Surefire's working
 * directory).
 */
class SelfContainedDocsTest {
  /** The upper-case name of the outside theory brief, spelled in pieces (see the class doc). */
  private static final String T = "THE" + "ORY";

  /** The anchor prefix of a reference to the model file, spelled in pieces. */
  private static final String M = "MODEL.md" + "#";

  private static final Pattern BRIEF = Pattern.compile("\\b" + T + "\\b");
  private static final Pattern OUTSIDE_PATH =
      Pattern.compile("(?<![A-Za-z0-9_.~-])/(?:work|home|tmp|Users|root|mnt|opt|var|srv)/");
  private static final Pattern ISSUE_WORD =
      Pattern.compile("(?i)\\b(?:issue|pull request)s?\\s*#?\\s*[0-9]+");
  private static final Pattern HASH_NUMBER = Pattern.compile("(?<![&A-Za-z0-9_])#[0-9]+\\b");
  private static final Pattern MODEL_REF = Pattern.compile(Pattern.quote(M) + "([A-Za-z0-9_-]*)");
  private static final Pattern LOCAL_REF = Pattern.compile("\\]\\(#([A-Za-z0-9_-]*)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

  @Test
  void repositoryIsSelfContained() {
    List<String> problems = problems(Path.of("."));
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** The checker itself finds each kind of problem, on a planted tree, and passes a clean one. */
  @Test
  void checkerFindsEachKindOfProblem(@TempDir Path tmp) throws IOException {
    Path proofs = Files.createDirectories(tmp.resolve("proofs"));
    Path src = Files.createDirectories(tmp.resolve("src/main/java/org/x"));
    Files.writeString(
        proofs.resolve("MODEL.md"),
        "# The model, its notation\n\n## Notation\n\nsee [the model](#the-model-its-notation)\n"
            + "## Seed claims\n\n## Notation\n\n### `kappa_S` and Gamma\n");
    Files.writeString(
        src.resolve("Clean.java"),
        "package org.x;\n/** See proofs/" + M + "notation, proofs/" + M + "notation-1, and\n"
            + " * proofs/" + M + "seed-claims, proofs/" + M + "kappa_s-and-gamma; {@link A#b}. */\n"
            + "class Clean { String s = \"param #2 = 30 and issue 7\"; }\n");
    Files.writeString(tmp.resolve("README.md"), "Model: `proofs/" + M + "notation`.\n");
    assertEquals(List.of(), problems(tmp), "a clean tree");

    Files.writeString(
        src.resolve("Bad.java"),
        "package org.x;\n/** The facade of issue 4 (" + T + ".md F1). */\nclass Bad {\n"
            + "  // fixes #12\n  String s = \"/** not a comment */\";\n}\n");
    Files.writeString(
        proofs.resolve("F1.md"),
        "# F1: x\nSee /wo" + "rk/bounds-spec.md and proofs/" + M + "no-such-anchor.\n");
    Files.writeString(
        tmp.resolve("README.md"), "Notation of " + T + " F10; [m](proofs/" + M + "seed_claims)\n");
    String all = String.join("\n", problems(tmp));
    assertTrue(all.contains("Bad.java:2: mentions " + T), all);
    assertTrue(all.contains("Bad.java:2: issue number in a comment: issue 4"), all);
    assertTrue(all.contains("Bad.java:4: issue number in a comment: #12"), all);
    assertTrue(all.contains("F1.md:2: path outside the repository: /wo" + "rk/"), all);
    assertTrue(all.contains("F1.md:2: " + M + "no-such-anchor"), all);
    assertTrue(all.contains("README.md:1: mentions " + T), all);
    assertTrue(all.contains("README.md:1: " + M + "seed_claims"), all);
    assertEquals(7, problems(tmp).size(), all);
  }

  @Test
  void anchorsFollowGitHub() {
    assertEquals(
        List.of("seed-claims", "the-spec", "notation", "notation-1", "kappa_s-and-gamma", "ab-c"),
        anchors("## Seed claims\n## The spec\n# Notation\n## Notation\n### `kappa_S` and Gamma\n"
            + "## A/b c ##\n```\n# not a heading\n```\n"));
  }

  // ---------------------------------------------------------------------------------------------

  static List<String> problems(Path root) {
    List<String> problems = new ArrayList<>();
    Path model = root.resolve("proofs/MODEL.md");
    Set<String> anchors =
        Files.isRegularFile(model) ? new LinkedHashSet<>(anchors(read(model))) : Set.of();
    if (!Files.isRegularFile(model)) {
      problems.add("proofs/MODEL.md does not exist");
    }
    for (Path f : files(root)) {
      String name = root.relativize(f).toString().replace('\\', '/');
      String text = read(f);
      scan(name, text, BRIEF, "mentions " + T, problems);
      scan(name, text, OUTSIDE_PATH, "path outside the repository: ", problems);
      if (name.endsWith(".java")) {
        String comments = commentsOnly(text);
        scan(name, comments, ISSUE_WORD, "issue number in a comment: ", problems);
        scan(name, comments, HASH_NUMBER, "issue number in a comment: ", problems);
      } else if (name.endsWith(".md")) {
        scan(name, text, ISSUE_WORD, "issue number: ", problems);
      }
      Matcher m = MODEL_REF.matcher(text);
      while (m.find()) {
        if (!anchors.contains(m.group(1))) {
          problems.add(
              name + ":" + line(text, m.start()) + ": " + M + m.group(1)
                  + " is not a heading anchor of proofs/MODEL.md " + anchors);
        }
      }
      if (name.equals("proofs/MODEL.md")) {
        Matcher l = LOCAL_REF.matcher(text);
        while (l.find()) {
          if (!anchors.contains(l.group(1))) {
            problems.add(name + ":" + line(text, l.start()) + ": #" + l.group(1) + " is no anchor");
          }
        }
      }
    }
    return problems;
  }

  /** README.md and every regular file under src/ and proofs/, in a fixed order. */
  private static List<Path> files(Path root) {
    List<Path> out = new ArrayList<>();
    if (Files.isRegularFile(root.resolve("README.md"))) {
      out.add(root.resolve("README.md"));
    }
    for (String dir : List.of("proofs", "src")) {
      Path d = root.resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(d)) {
        out.addAll(
            s.filter(Files::isRegularFile)
                .filter(SelfContainedDocsTest::isText)
                .sorted()
                .collect(Collectors.toList()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** The text sources a reader follows (binary build outputs and fuzz corpora are skipped). */
  private static boolean isText(Path f) {
    String n = f.getFileName().toString();
    return n.endsWith(".md") || n.endsWith(".java") || n.endsWith(".v") || n.equals("_CoqProject");
  }

  private static void scan(
      String name, String text, Pattern p, String what, List<String> problems) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      problems.add(
          name + ":" + line(text, m.start()) + ": " + what + (what.endsWith(" ") ? m.group() : ""));
    }
  }

  private static int line(String text, int offset) {
    int n = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** GitHub-style anchors of the Markdown headings of a document (fenced code skipped). */
  static List<String> anchors(String markdown) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher m = HEADING.matcher(line);
      if (fenced || !m.matches()) {
        continue;
      }
      String slug =
          m.group(1)
              .replace("`", "")
              .trim()
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-');
      int k = seen.merge(slug, 1, Integer::sum) - 1;
      out.add(k == 0 ? slug : slug + "-" + k);
    }
    return out;
  }

  /**
   * The comments of a Java source, every other character replaced by a space (line breaks kept, so
   * offsets keep their line numbers). String, text-block and char literals are not comments.
   */
  static String commentsOnly(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (src.startsWith("//", i)) {
        int end = src.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(src, i, end);
        i = end;
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        out.append(src, i, end);
        i = end;
      } else if (src.startsWith("\"\"\"", i)) {
        int end = src.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end + 3;
        blank(src, i, end, out);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
          j += src.charAt(j) == '\\' ? 2 : 1;
        }
        int end = Math.min(n, j + 1);
        blank(src, i, end, out);
        i = end;
      } else {
        out.append(c == '\n' ? '\n' : ' ');
        i++;
      }
    }
    return out.toString();
  }

  private static void blank(String src, int from, int to, StringBuilder out) {
    for (int k = from; k < to; k++) {
      out.append(src.charAt(k) == '\n' ? '\n' : ' ');
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
