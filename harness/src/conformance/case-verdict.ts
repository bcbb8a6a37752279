import type { CheckResult } from './case-result.js';
import type { ConformanceVerdict } from './verdict.js';

/**
 * A case's verdict from its checks: a failed strict check is FAILED; otherwise a case stopped
 * because the client cannot do what it needs is UNSUPPORTED (with that reason); otherwise a
 * failed non-strict check is NON-STRICT. A case stopped by a failed step is FAILED.
 */
export function verdictOf(
  checks: readonly CheckResult[],
  stop: { kind: 'unsupported' | 'failed'; message: string } | undefined,
): { verdict: ConformanceVerdict; reason?: string } {
  const strict = checks.find((check) => check.strict && !check.passed);
  if (strict !== undefined)
    return {
      verdict: 'FAILED',
      reason: `${strict.rule}: ${strict.says}${strict.detail === undefined ? '' : ` (${strict.detail})`}`,
    };
  if (stop !== undefined)
    return {
      verdict: stop.kind === 'unsupported' ? 'UNSUPPORTED' : 'FAILED',
      reason: stop.message,
    };
  const loose = checks.find((check) => !check.passed);
  if (loose !== undefined)
    return {
      verdict: 'NON-STRICT',
      reason: `${loose.rule}: ${loose.says}${loose.detail === undefined ? '' : ` (${loose.detail})`}`,
    };
  return { verdict: 'OK' };
}
