package io.salesrank.api.resources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.shared.Ids;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The page at {@code /} (docs/read-api.md): a category's current top list, or its movers, rendered by
 * the server into the HTML itself, so that it reads without a script; {@code app.js} then adds each
 * product's chart, local times and the category filter. Paging, the view and the category are plain
 * links and a form. The answers are the API's own, read from the ranking the servlet serves.
 */
public final class PageServlet extends HttpServlet {

  /** Rows a page shows. */
  static final int PAGE = 20;
  /** The page may load only what this service serves: no outside scripts, fonts or styles. */
  private static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'";
  private static final Pattern FIELD = Pattern.compile("\\{\\{(\\w+)}}");
  private static final Pattern DIGITS = Pattern.compile("\\d+|\\D+");

  private final transient ObjectMapper json;
  private final transient Supplier<SortedMap<String, RenderedRanking>> rankings;
  private final String template;

  private PageServlet(ObjectMapper json, Supplier<SortedMap<String, RenderedRanking>> rankings, String template) {
    this.json = json;
    this.rankings = rankings;
    this.template = template;
  }

  /** The page over what {@code api} serves. */
  public static PageServlet of(ObjectMapper json, RankingServlet api) {
    return new PageServlet(json, api::rendered, new String(StaticFileServlet.resource("index.html"), StandardCharsets.UTF_8));
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!StaticFileServlet.reads(json, request, response)) {
      return;
    }
    String category = request.getParameter("category_id");
    category = category == null || !Ids.isId(category) ? Ids.OVERALL : category;
    String name = request.getParameter("ranking");
    name = name == null || !Ids.isRankingName(name) ? Ids.DEFAULT_RANKING : name;
    boolean movers = "movers".equals(request.getParameter("view"));
    int offset = offset(request.getParameter("offset"));
    byte[] body = render(rankings.get(), new Place(name, category, movers), offset).getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/html; charset=utf-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Content-Security-Policy", POLICY);
    response.setContentLength(body.length);
    if (request.getMethod().equals("GET")) {
      response.getOutputStream().write(body);
    }
  }

  /** Where a page is: which ranking, which category, which view. */
  private record Place(String ranking, String category, boolean movers) {
    Place with(String otherRanking, boolean otherMovers) {
      return new Place(otherRanking, category, otherMovers);
    }
  }

  /** The page for a place, from row {@code offset} on. */
  private String render(SortedMap<String, RenderedRanking> all, Place at, int offset) throws IOException {
    String category = at.category();
    boolean movers = at.movers();
    Map<String, String> f = new HashMap<>();
    f.put("view", movers ? "movers" : "top");
    f.put("category", escape(category));
    f.put("ranking", escape(at.ranking()));
    f.put("rankings", "");
    f.put("asOf", "");
    f.put("options", "");
    f.put("about", "");
    f.put("message", "");
    f.put("messageClass", "");
    f.put("tableHidden", " hidden");
    f.put("rows", "");
    f.put("pages", "");
    f.put("heads", movers
        ? "<th class=\"num\">Rank</th><th>Rose</th><th>Product</th><th>Stock</th><th class=\"num\">Sold</th>"
            + "<th class=\"num\">Sold before</th><th>Demand</th><th>Rank over time</th>"
        : "<th class=\"num\">Rank</th><th>Change</th><th>Product</th><th>Stock</th><th class=\"num\">Sold</th>"
            + "<th>Demand</th><th>Rank over time</th>");
    f.put("views", link(at.with(at.ranking(), false), 0, "Top sellers", !movers) + " · "
        + link(at.with(at.ranking(), true), 0, "Movers (24 h)", movers));
    if (all.isEmpty()) {
      f.put("message", "Nothing has been published yet; try again shortly.");
      return fill(f);
    }
    if (all.size() > 1 || !all.containsKey(at.ranking())) {
      StringBuilder names = new StringBuilder("<label>Ranking <select id=\"ranking-name\" name=\"ranking\">");
      for (String name : all.keySet()) {
        names.append("<option value=\"").append(escape(name)).append('"')
            .append(name.equals(at.ranking()) ? " selected" : "").append('>').append(escape(name)).append("</option>");
      }
      f.put("rankings", names.append("</select></label>").toString());
    }
    RenderedRanking rendered = all.get(at.ranking());
    if (rendered == null) {
      f.put("message", "No current ranking named " + escape(at.ranking()) + ".");
      f.put("messageClass", "error");
      return fill(f);
    }
    List<JsonNode> categories = new ArrayList<>();
    json.readTree(rendered.categories()).get("categories").forEach(categories::add);
    categories.sort(Comparator.comparing(c -> c.get("category_id").asText(), PageServlet::natural));
    StringBuilder options = new StringBuilder();
    long products = 0;
    for (JsonNode c : categories) {
      String id = c.get("category_id").asText();
      boolean selected = id.equals(category);
      if (selected) {
        products = c.get("products").asLong();
      }
      options.append("<option value=\"").append(escape(id)).append('"').append(selected ? " selected" : "")
          .append('>').append(escape(id.equals(Ids.OVERALL) ? "Overall" : id)).append(" (")
          .append(c.get("products").asLong()).append(")</option>");
    }
    f.put("options", options.toString());
    RankingSnapshot snapshot = rendered.snapshot();
    f.put("asOf", RenderedRanking.instant(snapshot.run().asOf()));
    if (rendered.category(category) == null) {
      f.put("message", "No current ranking for category " + escape(category) + ".");
      f.put("messageClass", "error");
      return fill(f);
    }
    JsonNode page = json.readTree(movers
        ? rendered.movers(category, RankingSnapshot.PREVIOUS_RANK_HOURS, PAGE, offset, RenderedRanking.StockView.SHOW)
        : rendered.category(category).page(PAGE, offset));
    f.put("about", about(page, movers));
    StringBuilder rows = new StringBuilder();
    for (JsonNode item : page.get("items")) {
      rows.append(movers ? moverRow(item) : topRow(item));
    }
    int shown = page.get("items").size();
    f.put("rows", rows.toString());
    f.put("tableHidden", shown == 0 ? " hidden" : "");
    if (shown == 0) {
      f.put("message", movers
          ? page.get("compared_to").isNull() ? "No ranking from 24 hours before is kept yet: no movers to show."
              : "No product rose in this category since " + time(page.get("compared_to").asText()) + "."
          : "No products on this page.");
    }
    StringBuilder pages = new StringBuilder();
    if (offset > 0) {
      pages.append(link(at, Math.max(0, offset - PAGE), "← Previous " + PAGE, false));
    }
    if (shown == PAGE && (movers || offset + PAGE < products)) {
      pages.append(pages.length() > 0 ? " · " : "").append(link(at, offset + PAGE, "Next " + PAGE + " →", false));
    }
    f.put("pages", pages.toString());
    return fill(f);
  }

  private String about(JsonNode page, boolean movers) {
    StringBuilder s = new StringBuilder("as of ").append(time(page.get("as_of").asText()));
    JsonNode policy = page.get("policy");
    if (policy != null) {
      s.append(" · ").append(switch (policy.get("kind").asText()) {
        case "window" -> policy.get("window_hours").asInt() + " h window";
        case "trend" -> "trend: last " + policy.get("trend_hours").asInt() + " h against the "
            + policy.get("trend_hours").asInt() + " h before, from " + policy.get("min_units").asLong() + " units";
        default -> "decay, half-life " + policy.get("half_life_hours").asDouble() + " h over "
            + policy.get("lookback_hours").asInt() + " h";
      });
      if (policy.has("metric")) {
        s.append(" · by ").append(escape(policy.get("metric").asText()));
      }
      if (policy.path("fallback").asBoolean()) {
        s.append(" · fallback span");
      }
    }
    JsonNode since = page.get("compared_to");
    if (since != null && !since.isNull()) {
      s.append(movers ? " · rose since " : " · changes since ").append(time(since.asText()));
    }
    return s.toString();
  }

  private static String topRow(JsonNode item) {
    JsonNode previous = item.get("previous_rank");
    if (previous == null) {
      return row(item, "<td></td>", "");
    }
    if (previous.isNull()) {
      return row(item, "<td class=\"new\">new</td>", "");
    }
    int rose = previous.asInt() - item.get("rank").asInt();
    return row(item, "<td class=\"" + (rose > 0 ? "up" : rose < 0 ? "down" : "same") + "\" title=\"rank "
        + previous.asInt() + " before\">" + (rose > 0 ? "↑" + rose : rose < 0 ? "↓" + -rose : "=") + "</td>", "");
  }

  private static String moverRow(JsonNode item) {
    JsonNode before = item.get("previous_total_sold");
    String rose = item.get("previous_rank").isNull() ? "<td class=\"new\">new</td>"
        : "<td class=\"up\" title=\"rank " + item.get("previous_rank").asInt() + " before\">↑"
            + item.get("rank_change").asInt() + "</td>";
    return row(item, rose, "<td class=\"num\">" + (before.isNull() ? "" : units(before)) + "</td>");
  }

  /** A row: rank, {@code change}, product, units sold, {@code more}, and the cell the script draws the chart in. */
  private static String row(JsonNode item, String change, String more) {
    String product = escape(item.get("product_id").asText());
    int rank = item.get("rank").asInt();
    JsonNode inStock = item.path("in_stock");
    String stock = inStock.isBoolean() ? inStock.asBoolean() ? "<td class=\"in\">in stock</td>"
        : "<td class=\"out\">out of stock</td>" : "<td class=\"muted\" title=\"not in the stock list\">–</td>";
    return "<tr data-product=\"" + product + "\" data-rank=\"" + rank + "\"><td class=\"num\">" + rank + "</td>"
        + change + "<td>" + product + "</td>" + stock + "<td class=\"num\">" + units(item.get("total_sold")) + "</td>"
        + more + "<td class=\"demand\">" + escape(item.path("demand").asText().replace('_', ' ')) + "</td>"
        + "<td class=\"chart\"></td></tr>";
  }

  private static String units(JsonNode count) {
    return String.format(Locale.ROOT, "%,d", count.asLong());
  }

  /** An instant as UTC text the script turns into local time (the UTC instant kept on hover). */
  private static String time(String instant) {
    return "<time datetime=\"" + escape(instant) + "\">" + escape(instant.replace('T', ' ').replace("Z", " UTC"))
        + "</time>";
  }

  private static String link(Place at, int offset, String text, boolean current) {
    StringBuilder href = new StringBuilder("/?category_id=").append(escape(at.category().replace("*", "%2A")));
    if (!at.ranking().equals(Ids.DEFAULT_RANKING)) {
      href.append("&amp;ranking=").append(escape(at.ranking()));
    }
    if (at.movers()) {
      href.append("&amp;view=movers");
    }
    if (offset > 0) {
      href.append("&amp;offset=").append(offset);
    }
    return "<a href=\"" + href + "\"" + (current ? " aria-current=\"page\"" : "") + ">" + escape(text) + "</a>";
  }

  private String fill(Map<String, String> fields) {
    Matcher m = FIELD.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 8192);
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(fields.getOrDefault(m.group(1), "")));
    }
    return m.appendTail(out).toString();
  }

  private static int offset(String value) {
    try {
      int offset = value == null ? 0 : Integer.parseInt(value);
      return offset < 0 || offset > RankingServlet.MAX_OFFSET ? 0 : offset;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Natural order: digit runs compare as numbers, so c2 comes before c10; {@code *} first. */
  static int natural(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.equals(Ids.OVERALL) || b.equals(Ids.OVERALL)) {
      return a.equals(Ids.OVERALL) ? -1 : 1;
    }
    Matcher x = DIGITS.matcher(a);
    Matcher y = DIGITS.matcher(b);
    while (x.find() && y.find()) {
      String p = x.group();
      String q = y.group();
      int c;
      if (Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0))) {
        String ps = p.replaceFirst("^0+(?=.)", "");
        String qs = q.replaceFirst("^0+(?=.)", "");
        c = ps.length() != qs.length() ? Integer.compare(ps.length(), qs.length()) : ps.compareTo(qs);
      } else {
        c = p.compareTo(q);
      }
      if (c != 0) {
        return c;
      }
    }
    return a.compareTo(b);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
