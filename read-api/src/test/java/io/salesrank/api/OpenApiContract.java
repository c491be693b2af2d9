package io.salesrank.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

/**
 * The API's OpenAPI document (the one the jar serves) as a checker: which operation and response a
 * request and its answer fall under, and everything wrong with an answer (undocumented status,
 * missing header, wrong media type, a body its schema refuses) or a request's parameters. Schemas are
 * evaluated by networknt's JSON Schema 2020-12 validator with the OpenAPI 3.1 dialect.
 */
final class OpenApiContract {

  static final String RESOURCE = "/io/salesrank/api/web/openapi.json";
  private static final String BASE = "https://salesrank.test/openapi.json";

  private final ObjectMapper json = new ObjectMapper();
  private final String text;
  private final JsonNode document;
  private final String server;
  private final SchemaRegistry schemas;

  OpenApiContract() throws IOException {
    try (InputStream in = OpenApiContract.class.getResourceAsStream(RESOURCE)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    document = json.readTree(text);
    server = document.at("/servers/0/url").asText();
    schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(BASE, text)));
  }

  String text() {
    return text;
  }

  JsonNode document() {
    return document;
  }

  /** The pointer of the path item whose template matches {@code path} (without the server's prefix). */
  Optional<String> pathItem(String path) {
    if (!path.startsWith(server + "/")) {
      return Optional.empty();
    }
    String[] segments = path.substring(server.length()).split("/", -1);
    for (Iterator<String> it = document.get("paths").fieldNames(); it.hasNext();) {
      String template = it.next();
      String[] parts = template.split("/", -1);
      if (parts.length != segments.length) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < parts.length && match; i++) {
        match = parts[i].startsWith("{") ? !segments[i].isEmpty() : parts[i].equals(segments[i]);
      }
      if (match) {
        return Optional.of("/paths/" + escape(template));
      }
    }
    return Optional.empty();
  }

  /**
   * Everything in which {@code response} (to {@code method} on {@code uri}) departs from the document.
   * A method other than GET is looked up under the path's GET, whose responses list the 405 every path
   * gives; HEAD is GET without a body.
   */
  List<String> violations(String method, URI uri, HttpResponse<String> response) {
    List<String> problems = new ArrayList<>();
    Optional<String> item = pathItem(uri.getRawPath());
    if (item.isEmpty()) {
      problems.add("no path of the document matches " + uri.getRawPath());
      return problems;
    }
    String operation = item.get() + "/get";
    String status = Integer.toString(response.statusCode());
    String responsePointer = operation + "/responses/" + status;
    if (document.at(responsePointer).isMissingNode()) {
      problems.add("status " + status + " is not documented for " + operation);
      return problems;
    }
    responsePointer = resolve(responsePointer);
    JsonNode spec = document.at(responsePointer);
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("headers").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> header = it.next();
      String headerPointer = resolve(responsePointer + "/headers/" + escape(header.getKey()));
      Optional<String> value = response.headers().firstValue(header.getKey());
      if (value.isEmpty()) {
        if (document.at(headerPointer + "/required").asBoolean()) {
          problems.add("header " + header.getKey() + " is missing");
        }
        continue;
      }
      for (Error e : schema(headerPointer + "/schema").validate(scalar(value.get(), headerPointer + "/schema"), InputFormat.JSON)) {
        problems.add("header " + header.getKey() + ": " + e);
      }
    }
    JsonNode content = spec.path("content");
    boolean head = method.equals("HEAD");
    if (content.isMissingNode()) {
      if (!response.body().isEmpty()) {
        problems.add("the document gives no body for " + status + ", the answer has " + response.body().length() + " chars");
      }
      return problems;
    }
    String mediaType = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
    if (!content.has(mediaType)) {
      problems.add("media type '" + mediaType + "' is not documented for " + status);
      return problems;
    }
    if (head) {
      if (!response.body().isEmpty()) {
        problems.add("HEAD answered with a body");
      }
      return problems;
    }
    String schemaPointer = responsePointer + "/content/" + escape(mediaType) + "/schema";
    for (Error e : schema(schemaPointer).validate(response.body(), InputFormat.JSON)) {
      problems.add("body: " + e);
    }
    return problems;
  }

  /**
   * Whether the document accepts the request's parameters (path and query) by their schemas; a
   * parameter the operation does not name is refused too.
   */
  List<String> parameterViolations(URI uri) {
    List<String> problems = new ArrayList<>();
    String item = pathItem(uri.getRawPath()).orElseThrow();
    JsonNode parameters = document.at(item + "/get/parameters");
    String template = unescape(item.substring("/paths/".length()));
    String[] parts = template.split("/", -1);
    String[] segments = uri.getRawPath().substring(server.length()).split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].startsWith("{")) {
        String name = parts[i].substring(1, parts[i].length() - 1);
        check(parameters, item, "path", name, decode(segments[i]), problems);
      }
    }
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        check(parameters, item, "query", decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "", problems);
      }
    }
    return problems;
  }

  private void check(JsonNode parameters, String item, String in, String name, String value, List<String> problems) {
    for (int i = 0; i < parameters.size(); i++) {
      String pointer = resolve(item + "/get/parameters/" + i);
      JsonNode parameter = document.at(pointer);
      if (parameter.path("in").asText().equals(in) && parameter.path("name").asText().equals(name)) {
        for (Error e : schema(pointer + "/schema").validate(scalar(value, pointer + "/schema"), InputFormat.JSON)) {
          problems.add(in + " parameter " + name + "=" + value + ": " + e);
        }
        return;
      }
    }
    problems.add(in + " parameter " + name + " is not documented");
  }

  /** A header or parameter's text as JSON: a number where its schema (or what it refers to) wants an integer. */
  private String scalar(String value, String schemaPointer) {
    String type = document.at(resolve(schemaPointer)).path("type").asText();
    if (type.equals("integer")) {
      try {
        return Long.toString(Long.parseLong(value));
      } catch (NumberFormatException e) {
        // refused as a string
      }
    }
    return JsonNodeFactory.instance.textNode(value).toString();
  }

  private Schema schema(String pointer) {
    return schemas.getSchema(SchemaLocation.of(BASE + "#" + resolve(pointer)));
  }

  /** Follows {@code $ref}s to the pointer of what {@code pointer} stands for. */
  String resolve(String pointer) {
    JsonNode node = document.at(pointer);
    while (node.has("$ref")) {
      pointer = node.get("$ref").asText().substring(1);
      node = document.at(pointer);
    }
    return pointer;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }
}
