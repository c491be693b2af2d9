package io.salesrank.mr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a step wrote and from what: step 1 leaves it as {@code _sum.json} beside its sums, step 2
 * completes it ({@code computed_at}, rows, categories) as the ranking's {@code _ranking.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RankingManifest(
    int formatVersion,
    String hour,
    String asOf,
    String computedAt,
    Policy policy,
    Integer top,
    Input input,
    Counts counts,
    List<MalformedExample> malformedExamples,
    Long rows,
    Integer categories) {

  public static final String SUM_FILE = "_sum.json";
  public static final String RANKING_FILE = "_ranking.json";
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The policy as the API shows it: {@code {"kind": "window", "window_hours": 168}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Policy(String kind, Integer windowHours, Double halfLifeHours, Integer lookbackHours) {

    public static Policy of(RankingPolicy p) {
      return p.kind() == RankingPolicy.Kind.WINDOW
          ? new Policy("window", p.windowHours(), null, null)
          : new Policy("decay", null, p.halfLifeHours(), p.lookbackHours());
    }
  }

  /**
   * The hour directories of the window: those whose files this run parsed (wholly or partly), those
   * missing, those without {@code _SUCCESS}, and those it took whole from a state.
   */
  public record Input(String root, int hoursRead, int hoursMissing, int hoursWithoutDoneFlag, int hoursFromState) {

    /** A run without a state: every hour read is parsed. */
    public Input(String root, int hoursRead, int hoursMissing, int hoursWithoutDoneFlag) {
      this(root, hoursRead, hoursMissing, hoursWithoutDoneFlag, 0);
    }
  }

  public record Counts(long linesRead, long headerLines, long emptyLines, long malformed,
      Map<String, Long> malformedByReason, long outsideWindow, long counted) {
  }

  public record MalformedExample(String file, long offset, String reason) {
  }

  /** Step 1's manifest completed by step 2. */
  public RankingManifest ranked(int topN, String computedAt, long rows, int categories) {
    return new RankingManifest(formatVersion, hour, asOf, computedAt, policy, topN, input, counts,
        malformedExamples, rows, categories);
  }

  public void write(FileSystem fs, Path file) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      JSON.writeValue(out, this);
    }
  }

  public static RankingManifest parse(String json) throws IOException {
    return JSON.readValue(json, RankingManifest.class);
  }

  public static RankingManifest read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return JSON.readValue(in, RankingManifest.class);
    }
  }
}
