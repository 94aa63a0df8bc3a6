export { listFlag, positiveIntegerFlag } from "./flags.js";
export { type BenchmarkReporter, benchmarkReporter, type Figure } from "./report.js";
export { median, percentile, type Summary, summarize } from "./stats.js";
