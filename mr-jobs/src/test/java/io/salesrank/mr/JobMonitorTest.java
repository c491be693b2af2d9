package io.salesrank.mr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The progress line of a step that reads the logs: what is read, how fast, and what is left. */
class JobMonitorTest {

  @Test
  void saysLinesAndBytesReadTheRateAndAnEstimateOfWhatIsLeft() {
    assertThat(JobMonitor.reading(1_234_567, 40_000_000, 120_000_000, 2_000_000_000L))
        .isEqualTo("1,234,567 lines (40.0 of 120.0 MB) read, 617,284 lines/s, about 4 s left");
    assertThat(JobMonitor.reading(5_000_000, 10_000_000, 1_000_000_000, 60_000_000_000L))
        .isEqualTo("5,000,000 lines (10.0 of 1000.0 MB) read, 83,333 lines/s, about 99 min left");
    // Lines not counted yet (the local runner counts a task's when it ends): bytes, and their rate.
    assertThat(JobMonitor.reading(0, 45_600_000, 120_000_000, 2_000_000_000L))
        .isEqualTo("45.6 of 120.0 MB read, 22.8 MB/s, about 3 s left");
    // Nothing read yet: no rate, no estimate.
    assertThat(JobMonitor.reading(0, 0, 120_000_000, 2_000_000_000L)).isEqualTo("0.0 of 120.0 MB read");
  }
}
