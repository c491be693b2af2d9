package io.salesrank.mr.fuzz;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The inputs of a JSON document's reader under fuzzing (the state's and the ranking's manifests): random
 * text over JSON's characters, valid documents, and valid documents with one to three mutations each: a
 * field removed, a field given a wrong value, the text cut, or a character inserted.
 *
 * @param valid   valid documents
 * @param fields  the fields to mutate, each a path of names and (into arrays) indexes; one absent is left
 * @param wrong   the wrong values a field may be given
 * @param chars   the characters of random text, and of those inserted (the first 11)
 */
public record JsonDocumentFuzz(Arbitrary<ObjectNode> valid, String[][] fields, JsonNode[] wrong, String chars) {

  /** The JSON, and whether it is a valid document left unmutated. */
  public record Case(String json, boolean valid) {
    @Override
    public String toString() {
      return "\"" + FuzzTarget.escape(json, 800) + "\"";
    }
  }

  /** Random text 1 in 7, a valid document 1 in 7, a mutated one 5 in 7. */
  public Arbitrary<Case> inputs() {
    Arbitrary<Case> random = Arbitraries.strings().withChars(chars).ofMaxLength(70).map(s -> new Case(s, false));
    Arbitrary<Case> plain = valid.map(n -> new Case(n.toString(), true));
    Arbitrary<Case> mutated = Combinators.combine(valid,
            Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 999),
                Arbitraries.integers().between(0, 999)).as(List::of).list().ofMinSize(1).ofMaxSize(3))
        .as(this::mutate);
    return Arbitraries.frequencyOf(Tuple.of(1, random), Tuple.of(1, plain), Tuple.of(5, mutated));
  }

  /**
   * {@code valid} with {@code mutations} applied in order, each (kind, a, b): kind 0 removes field a,
   * 1 sets it to wrong value b; 2 edits the text (once it is text, tree edits stop): cut at a, or for
   * an odd b a character inserted there.
   */
  Case mutate(ObjectNode valid, List<List<Integer>> mutations) {
    ObjectNode n = valid.deepCopy();
    String text = null;
    for (List<Integer> m : mutations) {
      int kind = m.get(0);
      int a = m.get(1);
      int b = m.get(2);
      if (text == null && kind <= 1) {
        String[] path = fields[a % fields.length];
        JsonNode parent = n;
        for (int i = 0; i < path.length - 1 && parent != null; i++) {
          parent = parent.isArray() ? parent.get(index(path[i])) : parent.get(path[i]);
        }
        String last = path[path.length - 1];
        int at = index(last);
        // A step of the path a mutation before this one changed the type of is left as it is.
        if (parent instanceof ObjectNode o) {
          if (kind == 0) {
            o.remove(last);
          } else {
            o.set(last, wrong[b % wrong.length].deepCopy());
          }
        } else if (parent instanceof ArrayNode array && at >= 0 && at < array.size()) {
          if (kind == 0) {
            array.remove(at);
          } else {
            array.set(at, wrong[b % wrong.length].deepCopy());
          }
        }
      } else {
        if (text == null) {
          text = n.toString();
        }
        int at = text.isEmpty() ? 0 : a % (text.length() + 1);
        text = b % 2 == 0 ? text.substring(0, at) : text.substring(0, at) + chars.charAt(b % 11) + text.substring(at);
      }
    }
    return new Case(text == null ? n.toString() : text, false);
  }

  /** {@code step} as an array index; -1 when it is a field name. */
  private static int index(String step) {
    return step.chars().allMatch(Character::isDigit) ? Integer.parseInt(step) : -1;
  }
}
