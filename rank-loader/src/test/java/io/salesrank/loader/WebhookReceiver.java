package io.salesrank.loader;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Webhook receivers as a seller would write them, outside the product: the JDK's HTTP server, each path
 * a receiver with its own secret, checking every push's signature with javax.crypto (HMAC-SHA256 of
 * {@code timestamp + "." + body}) and its timestamp's age before taking it, and recording what it took
 * by delivery id. A receiver can be told to answer 500, to never answer (until it recovers), or to
 * take its time.
 */
public final class WebhookReceiver implements AutoCloseable {

  public enum Mode { OK, FAIL, HANG }

  /** One push as a receiver took it. */
  public record Push(String path, String deliveryId, String body) {
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final Map<String, Mode> modes = new ConcurrentHashMap<>();
  private final List<Push> taken = new CopyOnWriteArrayList<>();
  private final AtomicInteger badSignatures = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile CountDownLatch recovered = new CountDownLatch(1);
  private volatile long delayMillis;

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A receiver at {@code path} that checks pushes against {@code secret}; returns its URL. */
  public String receiver(String path, String secret) {
    secrets.put(path, secret);
    modes.put(path, Mode.OK);
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public void mode(String path, Mode mode) {
    modes.put(path, mode);
  }

  /** Every receiver answers again (a hanging one answers 200 now). */
  public void recover() {
    modes.replaceAll((p, m) -> Mode.OK);
    recovered.countDown();
  }

  public void delay(long millis) {
    delayMillis = millis;
  }

  public List<Push> taken() {
    return new ArrayList<>(taken);
  }

  public int badSignatures() {
    return badSignatures.get();
  }

  /** Answers that were not 2xx (500s and bad signatures). */
  public int refused() {
    return refused.get();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x; InputStream in = x.getRequestBody()) {
      String path = x.getRequestURI().getPath();
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String secret = secrets.get(path);
      String id = x.getRequestHeaders().getFirst("X-Salesrank-Delivery");
      String timestamp = x.getRequestHeaders().getFirst("X-Salesrank-Timestamp");
      String signature = x.getRequestHeaders().getFirst("X-Salesrank-Signature");
      if (secret == null || id == null || timestamp == null || signature == null
          || !"application/json".equals(x.getRequestHeaders().getFirst("Content-Type"))
          || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300
          || !MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
              ("sha256=" + hmac(secret, timestamp + "." + body)).getBytes(StandardCharsets.US_ASCII))) {
        badSignatures.incrementAndGet();
        refused.incrementAndGet();
        x.sendResponseHeaders(401, -1);
        return;
      }
      switch (modes.getOrDefault(path, Mode.OK)) {
        case FAIL -> {
          refused.incrementAndGet();
          x.sendResponseHeaders(500, -1);
          return;
        }
        case HANG -> {
          // Never answers while down; a sender gives up on it long before.
          recovered.await();
          return;
        }
        default -> {
        }
      }
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      taken.add(new Push(path, id, body));
      x.sendResponseHeaders(204, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String hmac(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    recovered.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
