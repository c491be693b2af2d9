/**
 * What every module shares: the id alphabet and the overall category, where the migrations sit on the
 * class path, and how a failure becomes one line. This is the lowest module (no dependencies), so the
 * jobs, the loader and the read API take these from here instead of spelling them again.
 */
package io.salesrank.shared;
