package io.salesrank.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class MessagesTest {

  @Test
  void countsInWords() {
    assertThat(Messages.count(1, "file")).isEqualTo("1 file");
    assertThat(Messages.count(0, "file")).isEqualTo("0 files");
    assertThat(Messages.count(2, "hour directory", "hour directories")).isEqualTo("2 hour directories");
  }

  @Test
  void firstLineDropsARemoteStackTrace() {
    assertThat(Messages.firstLine("  refused\n\tat org.example.Server.run(Server.java:1)\n")).isEqualTo("refused");
    assertThat(Messages.firstLine(null)).isEmpty();
  }

  @Test
  void rootMessageIsTheInnermostCausesFirstLine() {
    Exception e = new IllegalStateException("outer", new IOException("middle", new SQLException("Connection refused\nmore")));
    assertThat(Messages.rootMessage(e)).isEqualTo("Connection refused");
    assertThat(Messages.rootMessage(new IOException("wrapped", new NullPointerException()))).isEqualTo("NullPointerException");
  }
}
