package io.salesrank.mr.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salesrank.mr.fuzz.FuzzTarget;
import io.salesrank.mr.fuzz.JsonDocumentFuzz;
import io.salesrank.mr.fuzz.JsonDocumentFuzz.Case;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Fuzzing of {@code _state.json} ({@link StateManifest#parse}): valid manifests, the same with fields
 * dropped, given the wrong type, null, huge or negative, then truncated or with a byte changed, and
 * random text. Property: the only refusal is an {@link IOException} (which makes the state unusable and
 * rebuilt); a manifest read has every field the state needs (input, options, totals with named parts,
 * non-negative lengths); a valid one reads back as written.
 */
public final class StateManifestFuzz implements FuzzTarget<Case> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[][] FIELDS = {
      {"format"}, {"version"}, {"run_id"}, {"input"}, {"options"}, {"end"}, {"next_file_id"}, {"created_at"},
      {"totals"}, {"index_bytes"}, {"totals", "0"}, {"totals", "0", "name"}, {"totals", "0", "length"},
      {"totals", "1"}, {"totals", "1", "name"}, {"totals", "1", "length"}};
  private static final JsonNode[] WRONG = {
      NODES.nullNode(), NODES.textNode("x"), NODES.textNode("1"), NODES.textNode(""), NODES.booleanNode(true),
      NODES.numberNode(1.5), NODES.numberNode(-1), NODES.numberNode(Long.MAX_VALUE),
      NODES.numberNode(new java.math.BigInteger("99999999999999999999999")), NODES.numberNode(new java.math.BigDecimal("1e400")),
      NODES.arrayNode(), NODES.objectNode(), NODES.arrayNode().add(NODES.nullNode()), NODES.arrayNode().add(1),
      NODES.arrayNode().add(NODES.objectNode()), NODES.arrayNode().add(NODES.objectNode().put("name", "part-r-00000")),
      NODES.arrayNode().add(NODES.objectNode().put("length", 5)),
  };

  @Override
  public String name() {
    return "state-manifest";
  }

  @Override
  public Arbitrary<Case> inputs() {
    return new JsonDocumentFuzz(valid(), FIELDS, WRONG, "\"{}[],:0-\u00e9\u0000123456789.eE ntrufalsx_").inputs();
  }

  static Arbitrary<ObjectNode> valid() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(20);
    Arbitrary<ArrayNode> totals = Arbitraries.longs().between(0, 1L << 40).list().ofMinSize(1).ofMaxSize(4)
        .map(lengths -> {
          ArrayNode parts = NODES.arrayNode();
          for (int i = 0; i < lengths.size(); i++) {
            parts.addObject().put("name", String.format("part-r-%05d", i)).put("length", lengths.get(i));
          }
          return parts;
        });
    return Combinators.combine(Arbitraries.longs().between(1, 99_999_999), text, text, text,
            Arbitraries.longs().between(0, 4_000_000_000_000L), Arbitraries.longs().between(1, 1L << 40), totals,
            Arbitraries.longs().between(0, 1L << 40))
        .as((version, runId, input, options, end, nextFileId, parts, indexBytes) -> {
          ObjectNode n = NODES.objectNode();
          n.put("format", StateManifest.FORMAT).put("version", version).put("run_id", runId).put("input", input)
              .put("options", options).put("end", end).put("next_file_id", nextFileId)
              .put("created_at", "2026-12-01T00:00:00Z");
          n.set("totals", parts);
          n.put("index_bytes", indexBytes);
          return n;
        });
  }

  @Override
  public void check(Case c) throws Exception {
    StateManifest m;
    try {
      m = StateManifest.parse(c.json().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      if (c.valid()) {
        throw new AssertionError("refused a valid manifest: " + e);
      }
      return;
    }
    if (m == null || m.input() == null || m.options() == null || m.totals() == null || m.indexBytes() < 0
        || m.nextFileId() < 1) {
      throw new AssertionError("read a manifest that lacks what the state needs: " + m);
    }
    for (StateManifest.Part p : m.totals()) {
      if (p == null || p.name() == null || p.length() < 0) {
        throw new AssertionError("read a totals part without a name or length: " + p);
      }
    }
    if (c.valid()) {
      JsonNode n = JSON.readTree(c.json());
      if (!m.input().equals(n.get("input").asText()) || m.version() != n.get("version").asLong()
          || m.totals().size() != n.get("totals").size() || m.indexBytes() != n.get("index_bytes").asLong()) {
        throw new AssertionError("a valid manifest read back otherwise: " + m);
      }
    }
  }

  @Override
  public String show(Case c) {
    return c.toString();
  }
}
