export * from './run-report.js';
export * from './trace-record.js';
export * from './write-reports.js';
export { renderJunit, junitClassname } from './junit-report.js';
export { renderHtml } from './html-report.js';
export { renderTraceJsonl } from './trace-jsonl.js';
export { renderSequenceChart, type SequenceChartOptions } from './sequence-chart.js';
export { latencyTable, percentile, type LatencyRow } from './latency-stats.js';
export { frameLabel } from './frame-label.js';
