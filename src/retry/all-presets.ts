// Importing this module registers every retry-policy preset; each preset file registers itself.
import "./aws-backoff.js";
import "./polly.js";
import "./grpc.js";
import "./envoy.js";
import "./finagle.js";
import "./sre-throttle.js";
import "./circuit-breaker.js";
import "./hedging.js";
import "./dls.js";
import "./urllib3-preset.js";
import "./tenacity-preset.js";
import "./botocore-presets.js";
import "./ais-sdk.js";
import "./ais-go.js";
export {};
