package io.salesrank.api;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.dropwizard.jetty.MutableServletContextHandler;
import io.salesrank.api.resources.RankingServlet;
import jakarta.servlet.Servlet;
import jakarta.validation.Validator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * Dropwizard's default server ({@code server: type: salesrank} in salesrank-api.yml; every setting of
 * {@code type: default} applies), except that the ranking endpoints ({@code /api/v1/} but its OpenAPI
 * document) skip Dropwizard's Jetty handler metrics. {@link RankingServlet} times each of their
 * requests by endpoint and status already; the
 * handler's timers, meters and completion callback on top cost the ranking endpoints 7–10% of their
 * requests a second at 64 connections on 2 cores (bench/RESULTS.md, api, eleventh session). Jetty's
 * {@code jetty_*} request metrics therefore count the application port's other requests (the page,
 * the OpenAPI document); docs/read-api.md says which metric counts what.
 */
@JsonTypeName("salesrank")
public class ApiServerFactory extends DefaultServerFactory {

  /** The servlet mapping of the ranking endpoints without its {@code *}: {@code /api/v1/}. */
  static final String API_PREFIX = RankingServlet.PATH.substring(0, RankingServlet.PATH.length() - 1);

  @Override
  protected Handler createAppServlet(Server server, JerseyEnvironment jersey, ObjectMapper objectMapper,
      Validator validator, MutableServletContextHandler handler, Servlet jerseyContainer,
      MetricRegistry metricRegistry) {
    Handler instrumented = super.createAppServlet(server, jersey, objectMapper, validator, handler,
        jerseyContainer, metricRegistry);
    return new Handler.Wrapper(instrumented) {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        String context = handler.getContextPath();
        int at = context.equals("/") ? 0 : context.length();
        boolean ranking = path != null && path.startsWith(context) && path.startsWith(API_PREFIX, at)
            && !path.startsWith(SalesRankApi.OPENAPI_PATH, at);
        // The instrumented handler's own child is the application's context: the same handling, unmetered.
        return ranking ? handler.handle(request, response, callback) : super.handle(request, response, callback);
      }
    };
  }
}
