package io.salesrank.api.resources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.api.api.ErrorResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One file from the jar (the OpenAPI document, the page's script and style), read once at
 * start, answered as the API answers: GET and HEAD, {@code ETag} (its digest) with
 * {@code Cache-Control: no-cache} so a client revalidates after a deploy, 304 on a matching
 * {@code If-None-Match}, and 405 with {@code Allow} and {@code {"code", "message"}} for other methods.
 * Its own servlet, mapped to exact paths, so that the ranking servlet knows nothing of it.
 */
public final class StaticFileServlet extends HttpServlet {

  private final transient ObjectMapper json;
  private final byte[] body;
  private final String contentType;
  private final String etag;

  private StaticFileServlet(ObjectMapper json, byte[] body, String contentType) {
    this.json = json;
    this.body = body;
    this.contentType = contentType;
    this.etag = "\"" + digest(body) + "\"";
  }

  /** The class-path resource {@code name} beside this API's classes ({@code io/salesrank/api/web/}). */
  public static StaticFileServlet of(ObjectMapper json, String name, String contentType) {
    return new StaticFileServlet(json, resource(name), contentType);
  }

  /** The bytes of {@code io/salesrank/api/web/name} in the jar. */
  static byte[] resource(String name) {
    String path = "/io/salesrank/api/web/" + name;
    try (InputStream in = StaticFileServlet.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + path + " in the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether {@code request} reads (GET or HEAD); if not, it has been answered 405 with {@code Allow}
   * and a JSON message.
   */
  static boolean reads(ObjectMapper json, HttpServletRequest request, HttpServletResponse response) throws IOException {
    String method = request.getMethod();
    if (method.equals("GET") || method.equals("HEAD")) {
      return true;
    }
    response.setHeader("Allow", "GET, HEAD");
    error(json, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only GET and HEAD are allowed");
    return false;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!reads(json, request, response)) {
      return;
    }
    response.setHeader("ETag", etag);
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Content-Type-Options", "nosniff");
    String ifNoneMatch = request.getHeader("If-None-Match");
    if (ifNoneMatch != null && RankingServlet.matches(ifNoneMatch, etag)) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(contentType);
    response.setContentLength(body.length);
    if (request.getMethod().equals("GET")) {
      response.getOutputStream().write(body);
    }
  }

  private static void error(ObjectMapper json, HttpServletResponse response, int status, String message) throws IOException {
    byte[] error;
    try {
      error = json.writeValueAsBytes(new ErrorResponse(status, message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    response.setHeader("Cache-Control", "no-store");
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(error.length);
    response.getOutputStream().write(error);
  }

  private static String digest(byte[] bytes) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
