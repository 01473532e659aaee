// Importing this module registers every retry-policy preset; each preset file registers itself.
import "../libraries/aws-backoff.js";
import "../libraries/polly.js";
import "../libraries/grpc.js";
import "../libraries/envoy.js";
import "../libraries/finagle.js";
import "../libraries/sre-throttle.js";
import "../libraries/circuit-breaker.js";
import "../libraries/hedging.js";
import "./dls.js";
import "./urllib3.js";
import "./tenacity.js";
import "./botocore.js";
import "./ais-sdk.js";
import "./ais-go.js";
export {};
