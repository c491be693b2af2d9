/**
 * The jobs' common ground: configuration keys ({@link io.salesrank.mr.SalesRankConfig}), counters,
 * exceptions and the job monitor. Every other package of the jobs may use it; it uses none of them.
 * The data flows cli -> pipeline -> state -> top -> sum -> ranking -> {tree, variants, rules} -> input -> here.
 */
package io.salesrank.mr;
