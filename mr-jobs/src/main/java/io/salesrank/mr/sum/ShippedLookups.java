package io.salesrank.mr.sum;

import java.io.IOException;
import java.io.PrintStream;

import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.mr.rules.RankRequest;
import io.salesrank.mr.tree.ShippedTree;
import io.salesrank.mr.variants.ShippedParents;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;

/**
 * What step 1's tasks look up besides the lines: the category tree and the product parents of a run,
 * each null when the run has none, checked by the driver before any job starts.
 */
public record ShippedLookups(ShippedTree tree, ShippedParents parents) {

  public static final ShippedLookups NONE = new ShippedLookups(null, null);

  /**
   * Reads and checks the request's category tree and product parent file, and writes the copies the
   * tasks read under {@code work}.
   *
   * @throws io.salesrank.mr.SalesRankException naming the file, the line and the reason when one is broken
   */
  public static ShippedLookups prepare(Configuration conf, RankRequest request, Path work, PrintStream progress)
      throws IOException {
    ShippedTree tree = null;
    Path treeFile = request.rules().categoryTree();
    if (treeFile != null) {
      tree = ShippedTree.prepare(conf, treeFile, work);
      progress.printf("category tree %s: %d categories%n", treeFile, tree.categories());
    }
    ShippedParents parents = null;
    Path parentFile = request.rules().productParent();
    if (parentFile != null) {
      long started = System.nanoTime();
      parents = ShippedParents.prepare(conf, parentFile, work);
      progress.printf(java.util.Locale.ROOT, "product parents %s: %,d variants, read in %.1f s%n", parentFile,
          parents.variants(), (System.nanoTime() - started) / 1e9);
    }
    return new ShippedLookups(tree, parents);
  }

  /** Names the copies in a job's configuration, for the tasks. */
  public void writeTo(Configuration jobConf) {
    ShippedTree.writeTo(jobConf, tree);
    ShippedParents.writeTo(jobConf, parents);
  }

  /** Ships the copies to {@code job}'s tasks (on a cluster). */
  public void addTo(Job job) {
    if (tree != null) {
      tree.addTo(job);
    }
    if (parents != null) {
      parents.addTo(job);
    }
  }

  /** The tree as the manifest records it; null without one. */
  public RankingManifest.CategoryTree treeInManifest() {
    return tree == null ? null : new RankingManifest.CategoryTree(tree.file(), tree.categories(), tree.sha256());
  }

  /** The product parent file as the manifest records it; null without one. */
  public RankingManifest.ProductParent parentsInManifest() {
    return parents == null ? null : new RankingManifest.ProductParent(parents.file(), parents.variants(),
        parents.sha256());
  }
}
