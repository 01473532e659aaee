// Records and metrics of a run: latency histograms, per-second series, sliding-window maxima, request records.
export { HdrHistogram, floorLog2 } from "./hdr-histogram.js";
export { GrowableColumn } from "./growable-column.js";
export { SlidingWindowMax, bruteForceWindowMax } from "./sliding-window.js";
export { NameRegistry, OutcomeKinds, KIND_OK, STANDARD_KINDS } from "./kinds.js";
export { RecordStore, type RequestRecord, type AttemptRecord, type RecordsOption } from "./request-records.js";
export { PerSecondSeries, SERIES_PERCENTILES, type PerSecondTable } from "./per-second-series.js";
export { SmapTimeline, type SmapObservation } from "./smap-timeline.js";
export { RunMetrics, type RunMetricsOptions } from "./run-metrics.js";
export { summarise, type RunSummary, type LatencySummary } from "./run-summary.js";
export { type RequestLifecycleFacts } from "./lifecycle-log.js";
export { type RequestHandle } from "./request-table.js";
export { type AttemptHandle } from "./attempt-table.js";
export { standardRunFigures } from "./run-figures.js";
export { describeRecord } from "./describe-record.js";
export { runColumns, latencyCdf, type RunColumns } from "./run-series.js";
export { recoverySeconds, recoveryReferenceS, RECOVERY_MIN_TOLERANCE, RECOVERY_TOLERANCE_SDS, type FaultSpanS, type RecoveryInput } from "./recovery-time.js";
