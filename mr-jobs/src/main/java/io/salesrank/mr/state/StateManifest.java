package io.salesrank.mr.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code _state.json}: what a committed state version is and was built for. A version whose files do
 * not match it (missing, or of another length) is damaged; one built for another input root or other
 * ranking options is incompatible.
 *
 * @param end the end of the window its totals are as of (epoch milliseconds, a whole hour)
 * @param options what the ranking options that shape the state say, as {@link IncrementalStep#options}
 *     writes them
 * @param nextFileId the first id a new file's partial sums may take
 * @param totals the totals' part files and their lengths
 * @param indexBytes the length of {@link FileIndex#FILE}
 */
record StateManifest(int format, long version, String runId, String input, String options, long end,
    long nextFileId, String createdAt, List<Part> totals, long indexBytes) {

  static final String FILE = "_state.json";
  static final int FORMAT = 1;

  record Part(String name, long length) {
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  void write(FileSystem fs, Path file) throws IOException {
    try (OutputStream out = fs.create(file, false)) {
      JSON.writeValue(out, this);
    }
  }

  static StateManifest read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return parse(in.readAllBytes());
    }
  }

  /**
   * Reads a manifest from its JSON; a damaged one (not JSON, {@code null}, a field of the wrong type, or
   * a field the state needs missing or negative) is an {@link IOException}, which makes the state
   * unusable and so rebuilt, never a NullPointerException further on.
   */
  static StateManifest parse(byte[] json) throws IOException {
    StateManifest m = JSON.readValue(json, StateManifest.class);
    if (m == null || m.input() == null || m.options() == null || m.totals() == null) {
      throw new IOException(FILE + " lacks input, options or totals");
    }
    for (Part part : m.totals()) {
      if (part == null || part.name() == null || part.length() < 0) {
        throw new IOException(FILE + " has a totals part without a name or length");
      }
    }
    if (m.indexBytes() < 0 || m.nextFileId() < 1) {
      throw new IOException(FILE + " has a negative index_bytes or a next_file_id below 1");
    }
    return m;
  }
}
