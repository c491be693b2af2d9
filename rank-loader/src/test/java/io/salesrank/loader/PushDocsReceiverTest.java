package io.salesrank.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.salesrank.loader.push.Webhook;
import org.junit.jupiter.api.Test;

/**
 * The receiver docs/pushes.md shows, run as written (Python 3, the standard library only) against pushes
 * signed as {@code notify} signs them: it takes a good one and refuses an altered body, another secret
 * and an old timestamp.
 */
class PushDocsReceiverTest {

  private static final String SECRET = "the-shared-secret-0123456789abcdef";
  private static final String BODY = "{\"subscription_id\":1,\"ranking\":\"default\",\"as_of\":\"2026-11-22T15:00:00Z\","
      + "\"compared_to\":\"2026-11-22T14:00:00Z\",\"changes\":[{\"category_id\":\"*\",\"product_id\":\"p8437\","
      + "\"rank\":1,\"previous_rank\":2,\"total_sold\":131850}]}";

  private static String receiver() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "pushes.md"));
    Matcher m = Pattern.compile("```python\n(.*?)```", Pattern.DOTALL).matcher(page);
    assertThat(m.find()).as("a Python receiver in docs/pushes.md").isTrue();
    return m.group(1) + """
        import sys
        headers = {"X-Salesrank-Timestamp": sys.argv[1], "X-Salesrank-Signature": sys.argv[2],
                   "X-Salesrank-Delivery": "7c0e6f5e"}
        print(receive(headers, sys.stdin.buffer.read()))
        """;
  }

  private static List<String> receive(String code, long timestamp, String signature, String body) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", code, Long.toString(timestamp), signature)
        .redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(body.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out.lines().toList();
  }

  @Test
  void theDocumentedReceiverTakesAGoodPushAndRefusesTheOthers() throws Exception {
    if (!new File("/usr/bin/python3").canExecute()) {
      // .ci/run installs python3 (for the Prometheus parser): CI always runs this test.
      assertThat(System.getenv("CI")).as("no /usr/bin/python3, which CI must have").isNotEqualTo("true");
      assumeThat(false).as("no /usr/bin/python3: the documented receiver is not run").isTrue();
    }
    String code = "import os\nos.environ['HOOK_SECRET'] = '" + SECRET + "'\n" + receiver();
    long now = Instant.now().getEpochSecond();
    assertThat(receive(code, now, Webhook.signature(SECRET, now, BODY), BODY))
        .containsExactly("* p8437 2 -> 1", "204");
    assertThat(receive(code, now, Webhook.signature(SECRET, now, BODY), BODY.replace("131850", "131851")))
        .containsExactly("401");
    assertThat(receive(code, now, Webhook.signature("another-secret-0123456789", now, BODY), BODY))
        .containsExactly("401");
    long old = now - 3600;
    assertThat(receive(code, old, Webhook.signature(SECRET, old, BODY), BODY)).containsExactly("401");
  }
}
