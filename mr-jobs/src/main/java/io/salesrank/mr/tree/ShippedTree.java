package io.salesrank.mr.tree;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.input.LookupFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;

/**
 * The category tree of a run ({@code --category-tree}), validated by the driver before any job starts
 * and written, normalized, into the run's work directory: the copy every task reads, so a tree file
 * edited while the run goes on cannot give two tasks two trees. On a cluster the copy travels in the
 * distributed cache and each task reads its localized link once, in setup: 100,000 categories are a few
 * megabytes, too much for the job configuration every task and the job history carry.
 *
 * @param file the tree file as given
 * @param copy the normalized copy the tasks read
 */
public record ShippedTree(String file, Path copy, String sha256, int categories) {

  /** The name of the localized copy in a task's working directory. */
  static final String LINK = "salesrank-category-tree.tsv";
  static final String COPY_NAME = "category-tree.tsv";

  /**
   * Reads and validates {@code file}, and writes its normalized copy under {@code work}.
   *
   * @throws SalesRankException naming the file, the line and the reason when the tree is broken
   */
  public static ShippedTree prepare(Configuration conf, Path file, Path work) throws IOException {
    CategoryTree tree;
    try {
      tree = CategoryTreeFile.read(conf, file);
    } catch (CategoryTreeException e) {
      throw new SalesRankException(e.getMessage() + "; nothing was ranked", e);
    }
    FileSystem fs = work.getFileSystem(conf);
    Path copy = fs.makeQualified(new Path(work, COPY_NAME));
    try (Writer out = new OutputStreamWriter(fs.create(copy, true), StandardCharsets.UTF_8)) {
      tree.write(out);
    }
    return new ShippedTree(file.toString(), copy, tree.sha256(), tree.size());
  }

  /** Ships the copy to {@code job}'s tasks (on a cluster; the local runner's tasks read it in place). */
  public void addTo(Job job) {
    LookupFile.ship(job, copy, LINK);
  }

  /** The tree of a task's job, from its localized link or else from the copy itself; null when none. */
  public static CategoryTree load(Configuration conf) throws IOException {
    String copy = conf.get(SalesRankConfig.CATEGORY_TREE);
    if (copy == null) {
      return null;
    }
    return CategoryTreeFile.read(conf, LookupFile.localized(conf, copy, LINK));
  }

  /** Names {@code tree}'s copy (null: none) in a job's configuration, for the tasks' {@link #load}. */
  public static void writeTo(Configuration conf, ShippedTree tree) {
    if (tree != null) {
      conf.set(SalesRankConfig.CATEGORY_TREE, tree.copy().toString());
    } else {
      conf.unset(SalesRankConfig.CATEGORY_TREE);
    }
  }
}
