package io.salesrank.api.resources;

import java.util.Optional;

import com.codahale.metrics.annotation.Timed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/v1/categories}: the categories that have a current ranking. */
@Path("/api/v1/categories")
@Produces(MediaType.APPLICATION_JSON)
public final class CategoriesResource {

  private final Responses responses;

  public CategoriesResource(Responses responses) {
    this.responses = responses;
  }

  @GET
  @Timed
  public Response categories(@Context Request request) {
    return responses.answer(request, s -> Optional.of(s.categories()), "no categories");
  }
}
