package io.salesrank.mr.variants;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.input.LookupFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;

/**
 * The product parent file of a run ({@code --product-parent}), checked by the driver before any job
 * starts and written as the table's binary image into the run's work directory: the copy every task
 * loads, as the category tree's ({@code ShippedTree}). On a cluster it travels in the distributed cache;
 * the local runner's tasks, which share one JVM, load it once between them.
 *
 * @param file     the file as given
 * @param copy     the image the tasks load
 * @param variants how many variants it lists
 */
public record ShippedParents(String file, Path copy, String sha256, int variants) {

  static final String LINK = "salesrank-product-parents.bin";
  static final String COPY_NAME = "product-parents.bin";

  /** The image last loaded in this JVM: the local runner's map tasks are threads of one. */
  private static volatile Loaded last;

  private record Loaded(String copy, String sha256, ProductParents parents) {
  }

  /**
   * Reads and checks {@code file}, and writes its image under {@code work}.
   *
   * @throws SalesRankException naming the file, the line and the reason when it breaks a rule
   */
  public static ShippedParents prepare(Configuration conf, Path file, Path work) throws IOException {
    ProductParents parents;
    try {
      parents = ProductParents.read(conf, file);
    } catch (ProductParentsException e) {
      throw new SalesRankException(e.getMessage() + "; nothing was ranked", e);
    }
    FileSystem fs = work.getFileSystem(conf);
    Path copy = fs.makeQualified(new Path(work, COPY_NAME));
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fs.create(copy, true), 1 << 16))) {
      parents.writeImage(out);
    }
    return new ShippedParents(file.toString(), copy, parents.sha256(), parents.size());
  }

  /** Ships the image to {@code job}'s tasks (on a cluster; the local runner's tasks read it in place). */
  public void addTo(Job job) {
    LookupFile.ship(job, copy, LINK);
  }

  /** Names {@code parents}' image (null: none) in a job's configuration, for the tasks' {@link #load}. */
  public static void writeTo(Configuration conf, ShippedParents parents) {
    if (parents != null) {
      conf.set(SalesRankConfig.PRODUCT_PARENT, parents.copy().toString());
      conf.set(SalesRankConfig.PRODUCT_PARENT_SHA256, parents.sha256());
    } else {
      conf.unset(SalesRankConfig.PRODUCT_PARENT);
      conf.unset(SalesRankConfig.PRODUCT_PARENT_SHA256);
    }
  }

  /** The table of a task's job, from its localized link or else from the image itself; null when none. */
  public static ProductParents load(Configuration conf) throws IOException {
    String copy = conf.get(SalesRankConfig.PRODUCT_PARENT);
    if (copy == null) {
      return null;
    }
    // Keyed by the file's digest too: a kept work directory may hold another file's image by now.
    String sha256 = conf.get(SalesRankConfig.PRODUCT_PARENT_SHA256, "");
    Loaded held = last;
    if (held != null && held.copy().equals(copy) && held.sha256().equals(sha256)) {
      return held.parents();
    }
    Path image = LookupFile.localized(conf, copy, LINK);
    ProductParents parents;
    try (InputStream in = image.getFileSystem(conf).open(image);
         DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16))) {
      parents = ProductParents.readImage(data);
    }
    last = new Loaded(copy, sha256, parents);
    return parents;
  }
}
