import type { TraceRecord } from '../report/index.js';
import type { DriverRecord } from './driver-protocol.js';
import type { ConformanceVerdict } from './verdict.js';

/** One check of a case, as judged. */
export interface CheckResult {
  rule: string;
  strict: boolean;
  says: string;
  passed: boolean;
  /** What was seen, when the check failed (or why it could not be made). */
  detail?: string;
}

/** One case (a client case, or a device scenario in a server cell), as judged. */
export interface CaseResult {
  id: string;
  name: string;
  /** The file the case comes from (relative to the run's cwd). */
  file: string;
  description: string;
  rule: string;
  verdict: ConformanceVerdict;
  /** Why UNSUPPORTED, FAILED or NON-STRICT, in one line. */
  reason?: string;
  durationMs: number;
  checks: CheckResult[];
  /** Frames on the wire, as the harness saw them. */
  frames: TraceRecord[];
  /** The driver transcript (client cases). */
  transcript: DriverRecord[];
}
