package io.salesrank.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.eclipse.jetty.util.MultiMap;
import org.eclipse.jetty.util.UrlEncoded;
import org.junit.jupiter.api.Test;

/** {@link Query} against the servlet container's own query decoder (Jetty's {@code UrlEncoded}). */
class QueryTest {

  private static final String[] NAMES = {"category_id", "limit", "offset", "ranking", "stock", "hours"};
  /** Pieces of names and values: plain, encoded (ASCII, UTF-8 of two and three bytes), spaces, separators. */
  private static final String[] PIECES = {
      "c", "1", "p42", "category_id", "limit", "_", "-", ".", "*", "%2A", "%20", "+", "%2B", "%26", "%3D",
      "%C3%A9", "%e2%82%AC", "%63ategory_id", "lim%69t", "=", "&", "", "10", "%00",
  };

  @Test
  void answersAsTheContainersDecoderDoesForWellFormedQueries() {
    Random random = new Random(20261203);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder q = new StringBuilder();
      int pieces = random.nextInt(12);
      for (int p = 0; p < pieces; p++) {
        q.append(random.nextInt(4) == 0 ? NAMES[random.nextInt(NAMES.length)] : PIECES[random.nextInt(PIECES.length)]);
      }
      String query = q.toString();
      MultiMap<String> expected = UrlEncoded.decodeQuery(query);
      Query actual = Query.of(query);
      for (String name : NAMES) {
        assertThat(actual.get(name)).as("%s in ?%s", name, query).isEqualTo(expected.getValue(name, 0));
      }
    }
  }

  @Test
  void firstValueOfARepeatedNameAndEmptyValues() {
    Query q = Query.of("limit=5&limit=7&offset&stock=&category_id=a+b&ranking=x%3Dy");
    assertThat(q.get("limit")).isEqualTo("5");
    assertThat(q.get("offset")).isEmpty();
    assertThat(q.get("stock")).isEmpty();
    assertThat(q.get("category_id")).isEqualTo("a b");
    assertThat(q.get("ranking")).isEqualTo("x=y");
    assertThat(q.get("hours")).isNull();
    assertThat(Query.of(null).get("limit")).isNull();
  }

  @Test
  void malformedPercentEncodingOfAParameterAskedForIsABadRequest() {
    for (String query : new String[] {"limit=%", "limit=%4", "limit=%zz", "lim%zzit=1&limit=2"}) {
      assertThatThrownBy(() -> Query.of(query).get("limit")).as(query)
          .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.status).isEqualTo(400));
    }
  }
}
