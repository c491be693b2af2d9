package io.salesrank.api.resources;

import com.codahale.metrics.annotation.Timed;
import io.salesrank.api.core.RankingSnapshot;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/v1/popular?category_id=C&limit=N&offset=M}. */
@Path("/api/v1/popular")
@Produces(MediaType.APPLICATION_JSON)
public final class PopularResource {

  public static final int MAX_LIMIT = 100;
  public static final int DEFAULT_LIMIT = 10;
  private static final int MAX_OFFSET = 1_000_000;

  private final Responses responses;

  public PopularResource(Responses responses) {
    this.responses = responses;
  }

  @GET
  @Timed
  public Response popular(@QueryParam("category_id") String categoryId, @QueryParam("limit") String limit,
      @QueryParam("offset") String offset, @Context Request request) {
    // Omitted, or '*' as the ranking itself names it: the overall ranking.
    String category = categoryId == null || categoryId.equals(RankingSnapshot.OVERALL)
        ? RankingSnapshot.OVERALL
        : Responses.id("category_id", categoryId);
    int n = Responses.integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    int from = Responses.integer("offset", offset, 0, 0, MAX_OFFSET);
    return responses.answer(request, s -> s.popular(category, n, from),
        "no current ranking for category " + category);
  }
}
