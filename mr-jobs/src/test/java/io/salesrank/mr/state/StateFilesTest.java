package io.salesrank.mr.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged state files that StateFilesFuzzTest found getting past the readers: each must be an
 * IOException (the state is then rebuilt), not a null manifest, a NullPointerException in
 * StateStore.load or an IllegalArgumentException from new Path(dir, version).
 */
class StateFilesTest {

  private static final String VALID = "{\"format\":1,\"version\":3,\"run_id\":\"r\",\"input\":\"file:/in\","
      + "\"options\":\"o\",\"end\":0,\"next_file_id\":2,\"created_at\":\"c\","
      + "\"totals\":[{\"name\":\"part-r-00000\",\"length\":5}],\"index_bytes\":7}";
  private static final String HEADER =
      "# path\tdir_hour\tsize\tmtime\tfile_id\tmin_bucket\tmax_bucket_end\tversion\tparts\tbytes\n";

  @ParameterizedTest
  @ValueSource(strings = {
      "null",
      "{\"format\":1,\"version\":3,\"input\":\"file:/in\",\"options\":\"o\",\"next_file_id\":2}",
      "{\"format\":1,\"version\":3,\"input\":\"file:/in\",\"options\":\"o\",\"next_file_id\":2,\"totals\":null}",
      "{\"format\":1,\"version\":3,\"input\":\"file:/in\",\"options\":\"o\",\"next_file_id\":2,\"totals\":[null]}",
      "{\"format\":1,\"version\":3,\"input\":\"file:/in\",\"options\":\"o\",\"next_file_id\":2,\"totals\":[{}]}",
      "{\"format\":1,\"version\":3,\"options\":\"o\",\"next_file_id\":2,\"totals\":[]}",
  })
  void aManifestLackingWhatTheStateNeedsIsAnIOException(String json) {
    assertThatThrownBy(() -> StateManifest.parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }

  @org.junit.jupiter.api.Test
  void aValidManifestReads() throws IOException {
    StateManifest m = StateManifest.parse(VALID.getBytes(StandardCharsets.UTF_8));
    assertThat(m.totals()).containsExactly(new StateManifest.Part("part-r-00000", 5));
    assertThat(m.indexBytes()).isEqualTo(7);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a.csv\t0\t1\t2\t1\t0\t1\t\t1\t5",            // empty version: new Path(dir, "") throws
      "a.csv\t0\t1\t2\t1\t0\t1\t../../x\t1\t5",     // a version outside the state directory
      "a.csv\t0\t1\t2\t1\t0\t1\ta:b\t1\t5",         // not a relative path at all
      "\t0\t1\t2\t1\t0\t1\t-\t0\t0",                // empty path
      "a.csv\t0\t-1\t2\t1\t0\t1\tv-00000001\t-1\t5", // negative sizes
  })
  void anIndexLineTheStateCannotUseIsAnIOException(String line) {
    assertThatThrownBy(() -> FileIndex.read(new BufferedReader(new StringReader(HEADER + line + "\n")), "files.tsv"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("files.tsv line 2 ");
  }

  @org.junit.jupiter.api.Test
  void aValidIndexReads() throws IOException {
    FileIndex index = FileIndex.read(new BufferedReader(new StringReader(
        HEADER + "a.csv\t0\t1\t2\t1\t0\t1\tv-00000001\t1\t5\nb.csv\t0\t1\t2\t2\t0\t0\t-\t0\t0\n")), "files.tsv");
    assertThat(index.entries()).hasSize(2);
    assertThat(index.get("a.csv").hasSums()).isTrue();
  }
}
