package io.salesrank.mr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.salesrank.shared.Ids;
import org.apache.hadoop.io.Text;

/**
 * Step 1's work on one line, without Hadoop's context: parse it, keep it if it falls in the
 * window, and emit {@code category TAB product} and {@code * TAB product} with the line's units
 * and weighted units. Reuses its key and value, so a sale allocates nothing.
 */
public final class SaleEmitter {

  /** Receives the two records of a sale; the key and value are reused for the next call. */
  @FunctionalInterface
  public interface Sink {
    void emit(Text key, ScoreSum value) throws IOException, InterruptedException;
  }

  /** What a line was. */
  public enum Outcome { COUNTED, OUTSIDE_WINDOW, HEADER, EMPTY, MALFORMED }

  private static final byte[] OVERALL_PREFIX = (Ids.OVERALL + '\t').getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAB = {'\t'};

  private final SalesLineParser parser;
  private final RankingPolicy policy;
  private final long startMillis;
  private final long endMillis;
  private final Text key = new Text();
  private final ScoreSum value = new ScoreSum();

  public SaleEmitter(SalesLineParser.Format format, RankingPolicy policy, long endMillis) {
    this.parser = new SalesLineParser(format);
    this.policy = policy;
    this.endMillis = endMillis;
    this.startMillis = policy.startMillis(endMillis);
  }

  /** Why the last {@link Outcome#MALFORMED} line was malformed. */
  public Malformed malformed() {
    return parser.malformed();
  }

  public Outcome accept(Text line, Sink sink) throws IOException, InterruptedException {
    switch (parser.parse(line)) {
      case EMPTY:
        return Outcome.EMPTY;
      case HEADER:
        return Outcome.HEADER;
      case MALFORMED:
        return Outcome.MALFORMED;
      case SALE:
        break;
    }
    long timestamp = parser.timestampMillis();
    if (timestamp < startMillis || timestamp >= endMillis) {
      return Outcome.OUTSIDE_WINDOW;
    }
    value.set(parser.quantity(), policy.fixedWeight(timestamp, endMillis));
    byte[] bytes = parser.bytes();
    key.set(bytes, parser.categoryStart(), parser.categoryLength());
    key.append(TAB, 0, 1);
    key.append(bytes, parser.productStart(), parser.productLength());
    sink.emit(key, value);
    key.set(OVERALL_PREFIX);
    key.append(bytes, parser.productStart(), parser.productLength());
    sink.emit(key, value);
    return Outcome.COUNTED;
  }
}
