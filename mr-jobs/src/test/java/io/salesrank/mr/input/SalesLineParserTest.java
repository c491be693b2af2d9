package io.salesrank.mr.input;

import static io.salesrank.mr.input.SalesLineParser.Format.CSV;
import static io.salesrank.mr.input.SalesLineParser.Format.TSV;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.salesrank.mr.input.SalesLineParser.Format;
import io.salesrank.mr.input.SalesLineParser.Result;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/input.md, line by line. */
class SalesLineParserTest {

  private static final String TSV_SALE = "2026-11-22T13:05:09Z\tp-50\tc.1234\t3\t29.97\tseller-7\tbuyer-9";

  private final SalesLineParser tsv = new SalesLineParser(TSV);
  private final SalesLineParser csv = new SalesLineParser(CSV);

  private static Result parse(SalesLineParser parser, String line) {
    return parser.parse(new Text(line));
  }

  private static String product(SalesLineParser p) {
    return new String(p.bytes(), p.productStart(), p.productLength(), StandardCharsets.UTF_8);
  }

  private static String category(SalesLineParser p) {
    return new String(p.bytes(), p.categoryStart(), p.categoryLength(), StandardCharsets.UTF_8);
  }

  @Test
  void readsTsvSale() {
    assertThat(parse(tsv, TSV_SALE)).isEqualTo(Result.SALE);
    assertThat(tsv.timestampMillis()).isEqualTo(Instant.parse("2026-11-22T13:05:09Z").toEpochMilli());
    assertThat(product(tsv)).isEqualTo("p-50");
    assertThat(category(tsv)).isEqualTo("c.1234");
    assertThat(tsv.quantity()).isEqualTo(3);
  }

  @Test
  void readsCsvSale() {
    assertThat(parse(csv, "2026-11-22T13:05:09Z,50,1234,1,9.99,cust-1")).isEqualTo(Result.SALE);
    assertThat(product(csv)).isEqualTo("50");
    assertThat(category(csv)).isEqualTo("1234");
    assertThat(csv.quantity()).isEqualTo(1);
  }

  @Test
  void unwrapsQuotedCsvFieldsAndKeepsCommasInsideQuotes() {
    assertThat(parse(csv, "\"2026-11-22T13:05:09Z\",\"50\",\"A:b_c\",\"-2\",\"1,299.00\",\"Doe, \"\"J\"\"\""))
        .isEqualTo(Result.SALE);
    assertThat(product(csv)).isEqualTo("50");
    assertThat(category(csv)).isEqualTo("A:b_c");
    assertThat(csv.quantity()).isEqualTo(-2);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2026-11-22T13:05:09Z | 2026-11-22T13:05:09Z",
      "2026-11-22T15:05:09.250+02:00 | 2026-11-22T13:05:09.250Z",
      "2026-11-22T08:35:09-04:30 | 2026-11-22T13:05:09Z",
      "2026-11-22T13:05:09.1Z | 2026-11-22T13:05:09.100Z",
      "2026-11-22T13:05:09.999999999Z | 2026-11-22T13:05:09.999Z",
      "2024-02-29T23:59:59Z | 2024-02-29T23:59:59Z",
      "1970-01-01T00:00:00Z | 1970-01-01T00:00:00Z",
      "1763816709 | 2025-11-22T13:05:09Z",
      "0 | 1970-01-01T00:00:00Z",
      "99999999999 | 5138-11-16T09:46:39Z",
      "1763816709250 | 2025-11-22T13:05:09.250Z",
      "176381670925 | 1975-08-04T10:54:30.925Z",
  })
  void readsEveryTimestampNotation(String text, String expected) {
    assertThat(parse(tsv, text + "\tp\tc\t1\t1.00\ts\tb")).isEqualTo(Result.SALE);
    assertThat(tsv.timestampMillis()).isEqualTo(Instant.parse(expected).toEpochMilli());
  }

  @ParameterizedTest
  @ValueSource(strings = {"timestamp", "TIMESTAMP", "Timestamp"})
  void skipsHeaderInAnyCase(String first) {
    assertThat(parse(tsv, first + "\tproduct_id\tcategory_id\tqty\ttotal_price\tseller_id\tbuyer_id"))
        .isEqualTo(Result.HEADER);
    assertThat(parse(csv, "\"" + first + "\",product_id,category_id,qty,total_price,customer_id"))
        .isEqualTo(Result.HEADER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", "  \t "})
  void skipsEmptyLines(String line) {
    assertThat(parse(tsv, line)).isEqualTo(Result.EMPTY);
    assertThat(parse(csv, line)).isEqualTo(Result.EMPTY);
  }

  @Test
  void acceptsSignedQuantitiesOfNineDigits() {
    parse(tsv, "0\tp\tc\t+999999999\t1\ts\tb");
    assertThat(tsv.quantity()).isEqualTo(999_999_999);
    parse(tsv, "0\tp\tc\t-999999999\t1\ts\tb");
    assertThat(tsv.quantity()).isEqualTo(-999_999_999);
    parse(tsv, "0\tp\tc\t0\t1\ts\tb");
    assertThat(tsv.quantity()).isZero();
  }

  @Test
  void acceptsIdsOfSixtyFourCharacters() {
    String id = "a".repeat(64);
    assertThat(parse(tsv, "0\t" + id + "\t" + id + "\t1\t1\ts\tb")).isEqualTo(Result.SALE);
  }

  @ParameterizedTest(name = "[{index}] {1}: {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      // field count
      "2026-11-22T13:05:09Z\tp\tc\t1\t1.00\ts | FIELD_COUNT",
      "2026-11-22T13:05:09Z\tp\tc\t1\t1.00\ts\tb\textra | FIELD_COUNT",
      "2026-11-22T13:05:09Z,p,c,1,1.00,s,b | FIELD_COUNT",
      "just some text | FIELD_COUNT",
      // timestamps
      "2026-13-22T13:05:09Z\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-02-29T13:05:09Z\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-11-31T13:05:09Z\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-11-22T24:00:00Z\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-11-22T13:60:09Z\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-11-22T13:05:60Z\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-11-22T13:05:09\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-11-22 13:05:09Z\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-11-22T13:05:09.Z\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-11-22T13:05:09.1234567890Z\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-11-22T13:05:09+0200\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-11-22T13:05:09+19:00\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      // found by SalesLineFuzzTest: an offset beyond ±18:00 is none (java.time refuses it too)
      "2026-11-22T13:05:09+18:01\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-11-22T13:05:09-18:59\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "2026-11-22T13:05:09ZZ\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "26-11-22T13:05:09Z\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "17638167092500\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "-1763816709\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "1763816709.5\tp\tc\t1\t1\ts\tb | BAD_TIMESTAMP",
      "'\tp\tc\t1\t1\ts\tb' | BAD_TIMESTAMP",
      // ids
      "0\t\tc\t1\t1\ts\tb | BAD_PRODUCT_ID",
      "0\tp 1\tc\t1\t1\ts\tb | BAD_PRODUCT_ID",
      "0\tp#1\tc\t1\t1\ts\tb | BAD_PRODUCT_ID",
      "0\t*\tc\t1\t1\ts\tb | BAD_PRODUCT_ID",
      "0\tpä\tc\t1\t1\ts\tb | BAD_PRODUCT_ID",
      "0\tp\t\t1\t1\ts\tb | BAD_CATEGORY_ID",
      "0\tp\t*\t1\t1\ts\tb | BAD_CATEGORY_ID",
      "0\tp\tc/1\t1\t1\ts\tb | BAD_CATEGORY_ID",
      // quantities
      "0\tp\tc\t\t1\ts\tb | BAD_QUANTITY",
      "0\tp\tc\t1.5\t1\ts\tb | BAD_QUANTITY",
      "0\tp\tc\t1000000000\t1\ts\tb | BAD_QUANTITY",
      "0\tp\tc\t-\t1\ts\tb | BAD_QUANTITY",
      "0\tp\tc\t--1\t1\ts\tb | BAD_QUANTITY",
      "0\tp\tc\t 1\t1\ts\tb | BAD_QUANTITY",
      "0\tp\tc\tone\t1\ts\tb | BAD_QUANTITY",
      // CSV quoting and fields
      "\"2026-11-22T13:05:09Z,p,c,1,1.00,s | BAD_QUOTING",
      "2026-11-22T13:05:09Z,\"p\"x,c,1,1.00,s | BAD_QUOTING",
      "2026-11-22T13:05:09Z,p,c,1,1.00,\"cust | BAD_QUOTING",
      "2026-11-22T13:05:09Z,p,c,1,1.00 | FIELD_COUNT",
      "2026-11-22T13:05:09Z,p,c,1,1.00,s, | FIELD_COUNT",
      "2026-11-22T13:05:09Z,\"p,q\",c,1,1.00,s | BAD_PRODUCT_ID",
      "2026-11-22T13:05:09Z,p,\"\",1,1.00,s | BAD_CATEGORY_ID",
  })
  void rejectsMalformedLines(String line, Malformed reason) {
    SalesLineParser parser = line.contains("\t") ? tsv : csv;  // a line with a TAB as TSV, any other as CSV
    assertThat(parse(parser, line)).isEqualTo(Result.MALFORMED);
    assertThat(parser.malformed()).isEqualTo(reason);
  }

  @Test
  void rejectsTooLongIds() {
    String id = "a".repeat(65);
    assertThat(parse(tsv, "0\t" + id + "\tc\t1\t1\ts\tb")).isEqualTo(Result.MALFORMED);
    assertThat(tsv.malformed()).isEqualTo(Malformed.BAD_PRODUCT_ID);
  }

  @Test
  void forgetsTheLastReasonOnTheNextLine() {
    parse(tsv, "x\tp\tc\t1\t1\ts\tb");
    assertThat(parse(tsv, TSV_SALE)).isEqualTo(Result.SALE);
    assertThat(tsv.malformed()).isNull();
  }

  @Test
  void readsAtTheTextLengthNotTheBufferLength() {
    Text line = new Text(TSV_SALE + "\tgarbage-after-a-longer-earlier-line");
    line.set(TSV_SALE);
    assertThat(tsv.parse(line)).isEqualTo(Result.SALE);
  }

  @ParameterizedTest
  @CsvSource({
      "SalesReport-2026112213.csv, CSV",
      "SALES.CSV, CSV",
      "sales-2026112213.tsv, TSV",
      "app.log, TSV",
      "data, TSV",
  })
  void choosesFormatByFileName(String name, Format format) {
    assertThat(Format.forFileName(name)).isEqualTo(format);
  }

  @Test
  void daysFromCivilMatchesJavaTime() {
    for (int year : new int[] {1600, 1900, 1969, 1970, 2000, 2024, 2026, 2100}) {
      for (int month = 1; month <= 12; month++) {
        assertThat(IsoInstant.daysFromCivil(year, month, 1))
            .isEqualTo(java.time.LocalDate.of(year, month, 1).toEpochDay());
      }
    }
  }

  @Test
  void linesSharingAnHourParseAsTheyWouldAlone() {
    // A parser remembers the hour of the last instant it accepted; a line of the same hour must parse
    // exactly as it would by a parser that never saw another: each line against a fresh parser.
    java.util.SplittableRandom random = new java.util.SplittableRandom(17);
    String[] hours = {"2026-11-22T13:", "2026-11-22T14:", "2024-02-29T23:", "2026-13-01T00:", "2026-11-22T13;"};
    String[] tails = {"05:09Z", "59:59.999Z", "00:00+18:00", "30:00-05:30", "60:00Z", "05:60Z", "05:09+18:30",
        "05:09", "05:09.Z", "05:09.1234567891Z", "5:09Z", "05:09.5+01:00", "05-09Z", "05:09z"};
    SalesLineParser remembering = new SalesLineParser(TSV);
    for (int i = 0; i < 20_000; i++) {
      String ts = hours[random.nextInt(random.nextInt(4) == 0 ? hours.length : 2)] + tails[random.nextInt(tails.length)];
      byte[] line = (ts + "\tp1\tc1\t2\t9.99\ts1\tb1").getBytes(StandardCharsets.US_ASCII);
      SalesLineParser fresh = new SalesLineParser(TSV);
      Result expected = fresh.parse(line, 0, line.length);
      assertThat(remembering.parse(line, 0, line.length)).as(ts).isEqualTo(expected);
      if (expected == Result.SALE) {
        assertThat(remembering.timestampMillis()).as(ts).isEqualTo(fresh.timestampMillis());
      } else {
        assertThat(remembering.malformed()).as(ts).isEqualTo(fresh.malformed());
      }
    }
  }
}
