package io.salesrank.mr;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** What the commands under test print on stderr, captured for each test and restored after it. */
public final class CapturedStderr implements BeforeEachCallback, AfterEachCallback {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream original;

  @Override
  public void beforeEach(ExtensionContext context) {
    err.reset();
    original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.setErr(original);
  }

  public String text() {
    return err.toString(StandardCharsets.UTF_8);
  }

  public List<String> lines() {
    return text().lines().toList();
  }

  /** The last line: a failed command's one-line reason. */
  public String lastLine() {
    List<String> lines = lines();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  /** Forgets what was captured so far. */
  public void reset() {
    err.reset();
  }
}
