/**
 * Verdicts as Autobahn|Testsuite gives them. NON-STRICT: the peer chose differently where the
 * protocol leaves room (the check names the rule); UNSUPPORTED always carries a reason.
 */
export type ConformanceVerdict = 'OK' | 'NON-STRICT' | 'FAILED' | 'UNSUPPORTED';

export const VERDICTS: readonly ConformanceVerdict[] = [
  'OK',
  'NON-STRICT',
  'FAILED',
  'UNSUPPORTED',
];

export type VerdictCounts = Record<ConformanceVerdict, number>;

export function emptyCounts(): VerdictCounts {
  return { OK: 0, 'NON-STRICT': 0, FAILED: 0, UNSUPPORTED: 0 };
}

export function countVerdicts(verdicts: readonly ConformanceVerdict[]): VerdictCounts {
  const counts = emptyCounts();
  for (const verdict of verdicts) counts[verdict] += 1;
  return counts;
}

/** The cell's colour: the worst verdict present (an unsupported case is no pass). */
export function worstVerdict(counts: VerdictCounts): ConformanceVerdict {
  if (counts.FAILED > 0) return 'FAILED';
  if (counts.UNSUPPORTED > 0) return 'UNSUPPORTED';
  if (counts['NON-STRICT'] > 0) return 'NON-STRICT';
  return 'OK';
}

export function formatCounts(counts: VerdictCounts): string {
  return VERDICTS.filter((v) => counts[v] > 0)
    .map((v) => `${counts[v]} ${v}`)
    .join(', ');
}
