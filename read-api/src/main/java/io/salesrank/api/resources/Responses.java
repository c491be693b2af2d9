package io.salesrank.api.resources;

import java.util.Date;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.api.api.ErrorResponse;
import io.salesrank.api.core.RankingCache;
import io.salesrank.api.core.RankingSnapshot;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * What every resource answers: the snapshot's bytes with validators and caching headers, 304 when
 * the client has them, 503 before anything is published, and JSON error bodies.
 */
public final class Responses {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RankingCache cache;
  private final CacheControl cacheControl;
  private final int retryAfterSeconds;

  public Responses(RankingCache cache, int maxAgeSeconds, int retryAfterSeconds) {
    this.cache = cache;
    this.cacheControl = new CacheControl();
    this.cacheControl.setMaxAge(maxAgeSeconds);
    this.cacheControl.setNoTransform(false);
    this.cacheControl.getCacheExtension().put("public", null);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Renders {@code body} of the current snapshot, or 404 with {@code notFound} when it yields
   * nothing; 503 when nothing is published.
   */
  public Response answer(Request request, Function<RankingSnapshot, Optional<byte[]>> body, String notFound) {
    RankingSnapshot snapshot = cache.current().orElseThrow(() -> error(Response.Status.SERVICE_UNAVAILABLE,
        "no ranking has been published yet; retry later", retryAfterSeconds));
    EntityTag etag = new EntityTag("r" + snapshot.run().runId());
    Date lastModified = Date.from(snapshot.run().computedAt());
    Response.ResponseBuilder notModified = request.evaluatePreconditions(lastModified, etag);
    if (notModified != null) {
      return notModified.cacheControl(cacheControl).tag(etag).lastModified(lastModified).build();
    }
    byte[] bytes = body.apply(snapshot).orElseThrow(() -> error(Response.Status.NOT_FOUND, notFound, 0));
    return Response.ok(bytes, MediaType.APPLICATION_JSON_TYPE)
        .tag(etag)
        .lastModified(lastModified)
        .cacheControl(cacheControl)
        .build();
  }

  /** Checks an id parameter against the id alphabet (400 otherwise). */
  public static String id(String name, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw error(Response.Status.BAD_REQUEST, name + " must match [A-Za-z0-9_.:-]{1,64}", 0);
    }
    return value;
  }

  /** An optional integer parameter within [min, max] (400 otherwise). */
  public static int integer(String name, String value, int defaultValue, int min, int max) {
    if (value == null) {
      return defaultValue;
    }
    try {
      int v = Integer.parseInt(value);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw error(Response.Status.BAD_REQUEST, name + " must be an integer from " + min + " to " + max, 0);
  }

  public static WebApplicationException error(Response.Status status, String message, int retryAfterSeconds) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(new ErrorResponse(status.getStatusCode(), message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Response.ResponseBuilder response = Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(body);
    if (retryAfterSeconds > 0) {
      response.header("Retry-After", retryAfterSeconds);
    }
    return new WebApplicationException(message, response.build());
  }
}
