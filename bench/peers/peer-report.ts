/**
 * The JSON document nanorpc-ref-bench prints (interop/go-reference/README.md), which the
 * harness load generator prints too: one shape for both clients.
 */
export interface PeerResult {
  target: string;
  transport: string;
  /** "ping": sequential round trips; "echo": /echo requests kept `in_flight` at once. */
  kind: 'ping' | 'echo';
  size?: number;
  in_flight?: number;
  count: number;
  failed: number;
  seconds: number;
  per_second: number;
  p50_us: number;
  p99_us: number;
}

export interface PeerReport {
  tool: string;
  client: string;
  started: string;
  results: PeerResult[];
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The percentile as the Go bench picks it: index round(q * (n - 1)) of the sorted samples. */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return round(sorted[Math.floor(q * (sorted.length - 1) + 0.5)] as number, 1);
}

export function peerResult(
  target: string,
  transport: string,
  kind: 'ping' | 'echo',
  size: number,
  inFlight: number,
  count: number,
  failed: number,
  seconds: number,
  latenciesUs: number[],
): PeerResult {
  const sorted = latenciesUs.filter((v) => v !== undefined).sort((a, b) => a - b);
  const result: PeerResult = {
    target,
    transport,
    kind,
    count,
    failed,
    seconds: round(seconds, 4),
    per_second: round((count - failed) / seconds, 1),
    p50_us: percentile(sorted, 0.5),
    p99_us: percentile(sorted, 0.99),
  };
  if (size > 0) result.size = size;
  if (inFlight > 0) result.in_flight = inFlight;
  return result;
}
