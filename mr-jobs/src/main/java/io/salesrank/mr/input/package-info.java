/**
 * Reading the sales logs (docs/input.md): the hour layout, the input format that packs many files into a
 * split and keys each line by file and offset, the line parser and its ISO-8601 instants, and the tally
 * of lines read, skipped and malformed.
 */
package io.salesrank.mr.input;
