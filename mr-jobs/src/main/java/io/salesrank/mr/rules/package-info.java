/**
 * What a ranking is (docs/ranking-rules.md): the policy (window or decay), the rules (metric, tree,
 * fallback spans) and the request a run carries out; each reads and writes itself to a job's Configuration.
 */
package io.salesrank.mr.rules;
