package io.salesrank.api.resources;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.api.api.HistoryPoint;
import io.salesrank.api.api.HistoryResponse;
import io.salesrank.api.core.RankHistory;
import io.salesrank.api.core.RankingSnapshot;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /products/{product_id}/history}: the only answer read from the database, kept by the current
 * ranking's ETag and the request, the least recently used dropped past {@link #MAX_ENTRIES}; 503 with
 * {@code Retry-After} while the database is unreachable and the answer is not kept.
 */
final class HistoryAnswers {

  private static final int MAX_ENTRIES = 10_000;

  private final ObjectMapper json;
  private final RankHistory history;
  private final int retryAfterSeconds;
  private final Map<String, byte[]> cache = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
          return size() > MAX_ENTRIES;
        }
      });

  HistoryAnswers(ObjectMapper json, RankHistory history, int retryAfterSeconds) {
    this.json = json;
    this.history = history;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The body of the answer as of {@code ranking}; throws a {@link Refusal} (404, 503) instead. */
  byte[] answer(RenderedRanking ranking, String product, String category, int hours, HttpServletResponse response) {
    String key = ranking.snapshot().run().name() + ' ' + ranking.etag() + ' ' + product + ' ' + category + ' ' + hours;
    byte[] body = cache.get(key);
    if (body == null) {
      body = read(ranking.snapshot(), product, category, hours, response);
      cache.put(key, body);
    }
    return body;
  }

  private byte[] read(RankingSnapshot snapshot, String product, String category, int hours,
      HttpServletResponse response) {
    List<RankHistory.Point> points;
    if (snapshot.suppressed().contains(product)) {
      points = List.of();
    } else {
      try {
        points = history.history(snapshot.run().name(), product, category, snapshot.run().asOf(), hours,
            snapshot.suppressed());
      } catch (SQLException e) {
        response.setIntHeader("Retry-After", retryAfterSeconds);
        throw new Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
            "the database is unreachable and the history is not cached; retry later");
      }
    }
    if (points.stream().allMatch(p -> p.rank() == null)) {
      throw new Refusal(HttpServletResponse.SC_NOT_FOUND,
          "product " + product + " is in no kept ranking of category " + category + " in the last " + hours + " hours");
    }
    List<HistoryPoint> wire = new ArrayList<>(points.size());
    for (RankHistory.Point p : points) {
      wire.add(new HistoryPoint(RenderedRanking.instant(p.asOf()), p.rank(), p.totalSold(), p.score()));
    }
    try {
      return json.writeValueAsBytes(new HistoryResponse(snapshot.run().name(), product, category, wire));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
