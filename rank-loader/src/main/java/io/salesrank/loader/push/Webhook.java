package io.salesrank.loader.push;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One signed POST of a push (docs/pushes.md): {@code X-Salesrank-Delivery}, {@code X-Salesrank-Timestamp}
 * (Unix seconds) and {@code X-Salesrank-Signature: sha256=HEX}, the HMAC-SHA256 of
 * {@code TIMESTAMP + "." + BODY} under the subscription's secret. A 2xx answer within {@link #TIMEOUT}
 * is delivered; anything else is a failure whose reason names neither the URL nor the secret.
 */
public final class Webhook {

  /** How long one attempt may take, from connecting to the answer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  public static final String DELIVERY = "X-Salesrank-Delivery";
  public static final String TIMESTAMP = "X-Salesrank-Timestamp";
  public static final String SIGNATURE = "X-Salesrank-Signature";

  /** What an attempt came to: delivered, or why not. */
  public record Attempt(boolean delivered, String error) {
  }

  private final HttpClient client;
  private final Clock clock;
  private final Duration timeout;

  public Webhook(Clock clock) {
    this(clock, TIMEOUT);
  }

  Webhook(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
    // No redirects: a push goes where it was registered to go, never elsewhere with its signature.
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  /** {@code sha256=} and the lowercase hex HMAC-SHA256 of {@code timestamp + "." + body} under {@code secret}. */
  public static String signature(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** One attempt to POST {@code body} as delivery {@code deliveryId} to {@code url}. */
  public Attempt post(URI url, String deliveryId, String body, String secret) throws InterruptedException {
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json")
        .header(DELIVERY, deliveryId)
        .header(TIMESTAMP, Long.toString(timestamp))
        .header(SIGNATURE, signature(secret, timestamp, body))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    CompletableFuture<HttpResponse<Void>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    try {
      // The whole answer within the limit: a receiver that sends its status and then stalls is no answer.
      int status = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
      return status / 100 == 2 ? new Attempt(true, null) : new Attempt(false, "HTTP " + status);
    } catch (TimeoutException e) {
      answer.cancel(true);
      return new Attempt(false, "no answer within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      return new Attempt(false, reason(e.getCause()));
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw e;
    }
  }

  /** Why an attempt failed, in words that never quote the URL (which may carry a token) or an answer. */
  private String reason(Throwable e) {
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + timeout.toSeconds() + " s";
    }
    if (e instanceof ConnectException) {
      return "cannot connect";
    }
    if (e instanceof javax.net.ssl.SSLException) {
      return "TLS failed";
    }
    if (e instanceof IOException) {
      return "connection failed (" + e.getClass().getSimpleName() + ")";
    }
    return "failed (" + (e == null ? "unknown" : e.getClass().getSimpleName()) + ")";
  }
}
