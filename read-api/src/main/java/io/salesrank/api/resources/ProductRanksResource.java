package io.salesrank.api.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/v1/products/{product_id}/ranks}: every stored ranking the product is in. */
@Path("/api/v1/products/{product_id}/ranks")
@Produces(MediaType.APPLICATION_JSON)
public final class ProductRanksResource {

  private final Responses responses;

  public ProductRanksResource(Responses responses) {
    this.responses = responses;
  }

  @GET
  @Timed
  public Response ranks(@PathParam("product_id") String productId, @Context Request request) {
    String product = Responses.id("product_id", productId);
    return responses.answer(request, s -> s.productRanks(product),
        "product " + product + " is in no current ranking");
  }
}
