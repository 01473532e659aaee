// Invariant checkers: each takes recorded facts and returns the violations found (empty when all hold).
export { violation, assertNoViolations, type Violation } from "./violation.js";
export { checkRequestsEndOnce, type LifecycleCheckOptions } from "./request-lifecycle.js";
export { ObjectVersionLedger } from "./object-versions.js";
export { checkBytesConserved, checkMessageBytes, type NetworkConservationFacts } from "./bytes-conservation.js";
export { checkTimesNonDecreasing, checkNoPendingInPast, type PendingEventsView } from "./scheduling.js";
export { checkDataMovement, type DataMovementFacts } from "./data-movement.js";
