package io.salesrank.loader;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.fuzz.FuzzTarget;
import io.salesrank.mr.fuzz.JsonDocumentFuzz;
import io.salesrank.mr.fuzz.JsonDocumentFuzz.Case;
import io.salesrank.mr.ranking.RankingManifest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.apache.hadoop.fs.Path;

/**
 * Fuzzing of {@code _ranking.json} as {@code load} checks it ({@link RankingDirectory#checkManifest}):
 * valid manifests of either policy, with fallbacks and a category tree or not; the same with fields
 * dropped, nulled or given the wrong type or a bad value (hours, instants, metrics, fallback spans), then
 * truncated or with a character inserted; and random text. Properties: the only refusal is a
 * {@link SalesRankException} of one printable line naming the directory and at most 400 characters,
 * which never echoes a bad value whole (the value is thousands of {@code ~}; a message may show a cut,
 * escaped start of it); an accepted manifest has every field the
 * publisher reads (so it cannot fail later with a NullPointerException); a valid one is accepted.
 */
public final class RankingManifestFuzz implements FuzzTarget<Case> {

  static final Path DIR = new Path("/fuzz/ranking");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[][] FIELDS = {
      {"format_version"}, {"hour"}, {"as_of"}, {"computed_at"}, {"policy"}, {"top"}, {"input"}, {"counts"},
      {"rows"}, {"categories"}, {"category_tree"}, {"fallbacks"}, {"policy", "kind"}, {"policy", "window_hours"},
      {"policy", "lookback_hours"}, {"policy", "half_life_hours"}, {"policy", "metric"}, {"policy", "min_products"},
      {"policy", "fallback_hours"}, {"category_tree", "sha256"}, {"counts", "lines_read"}, {"fallbacks", "c1"},
  };
  private static final JsonNode[] WRONG = {
      NODES.nullNode(), NODES.textNode("~x"), NODES.textNode("~\n\u0000" + "~".repeat(3000)), NODES.textNode(""),
      NODES.textNode("1"), NODES.booleanNode(true), NODES.numberNode(1.5), NODES.numberNode(-1), NODES.numberNode(0),
      NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(new java.math.BigDecimal("1e400")), NODES.arrayNode(),
      NODES.objectNode(), NODES.arrayNode().add(NODES.nullNode()), NODES.arrayNode().add(336),
      NODES.textNode("2026-11-22T24"), NODES.textNode("2026-02-30T10"), NODES.textNode("2026-11-22T14:00:00.5Z"),
      NODES.textNode("2026-11-22T15:01:00Z"), NODES.textNode("+1000000000-01-01T00:00:00Z"), NODES.textNode("orders"),
      NODES.textNode("decay"), NODES.objectNode().put("~k", 336), NODES.objectNode().put("c", "~"),
  };

  @Override
  public String name() {
    return "ranking-manifest";
  }

  static Arbitrary<ObjectNode> valid() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 23), Arbitraries.integers().between(1, 60),
            Arbitraries.of(true, false), Arbitraries.of("units", "orders", null), Arbitraries.of(true, false),
            Arbitraries.of(true, false), Arbitraries.longs().between(0, 1_000_000), Arbitraries.integers().between(1, 500))
        .as((hour, minutes, window, metric, sparse, tree, rows, top) -> {
          ObjectNode n = NODES.objectNode();
          n.put("format_version", RankingManifest.FORMAT_VERSION);
          n.put("hour", String.format("2026-11-22T%02d", hour));
          n.put("as_of", java.time.Instant.parse(String.format("2026-11-22T%02d:00:00Z", hour))
              .plusSeconds(60L * minutes).toString());
          n.put("computed_at", "2026-11-23T00:00:01.5Z");
          ObjectNode policy = n.putObject("policy");
          if (window) {
            policy.put("kind", "window").put("window_hours", 168);
          } else {
            policy.put("kind", "decay").put("half_life_hours", 24.0).put("lookback_hours", 2160);
          }
          if (metric != null) {
            policy.put("metric", metric);
          }
          if (sparse) {
            policy.put("min_products", 20);
            policy.putArray("fallback_hours").add(336).add(720);
            n.putObject("fallbacks").put("c1", 720);
          }
          n.put("top", top);
          n.putObject("input").put("root", "file:/in").put("hours_read", 168).put("hours_missing", 0)
              .put("hours_without_done_flag", 0).put("hours_from_state", 0);
          n.putObject("counts").put("lines_read", 10).put("header_lines", 0).put("empty_lines", 0)
              .put("malformed", 0).put("outside_window", 0).put("counted", 10);
          n.put("rows", rows);
          n.put("categories", 3);
          if (tree) {
            n.putObject("category_tree").put("file", "t.tsv").put("categories", 3).put("sha256", "ab");
          }
          return n;
        });
  }

  @Override
  public Arbitrary<Case> inputs() {
    return new JsonDocumentFuzz(valid(), FIELDS, WRONG, "\"{}[],:0-~\u0000123456789. ntrufalsx_").inputs();
  }

  @Override
  public void check(Case c) {
    RankingManifest m;
    try {
      m = RankingDirectory.checkManifest(DIR, c.json());
    } catch (SalesRankException e) {
      String message = e.getMessage();
      if (c.valid()) {
        throw new AssertionError("refused a valid manifest: " + message);
      }
      if (message == null || !message.startsWith("ranking directory " + DIR + " ") || message.length() > 400
          || message.contains("~".repeat(40)) || !message.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
        throw new AssertionError("not one short printable line naming the directory, or echoes a value: "
            + FuzzTarget.escape(String.valueOf(message), 500));
      }
      return;
    }
    RankingManifest.Policy p = m.policy();
    if (m.rows() == null || m.top() == null || m.categories() == null || m.counts() == null || p == null
        || !List.of("window", "decay").contains(p.kind())) {
      throw new AssertionError("accepted a manifest without what the publisher reads");
    }
    p.spanHours();
    io.salesrank.mr.input.HourLayout.parseHour(m.hour());
    java.time.Instant.parse(m.asOf());
    java.time.Instant.parse(m.computedAt());
    boolean fallsBack = p.minProducts() != null && p.minProducts() > 0;
    if (fallsBack && p.fallbackHours() == null || m.categoryTree() != null && m.categoryTree().sha256() == null) {
      throw new AssertionError("accepted a manifest whose rules do not add up");
    }
  }

  @Override
  public String show(Case c) {
    return c.toString();
  }
}
