package io.salesrank.mr.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;

/**
 * A command that runs the pipeline, or its first step, for one hour: the progress switch, the ranking
 * rules and which hour are the same options for {@code rank} and {@code sum}.
 */
abstract class PipelineCommand extends SalesRankCommand {

  @Mixin
  ProgressOptions output;

  @Mixin
  RankOptions rank;

  @ArgGroup(exclusive = true, multiplicity = "1")
  EndOptions end;
}
