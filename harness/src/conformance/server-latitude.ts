/**
 * Device scenarios that check a point where docs/protocol.md states "Our rule" and the reference
 * does otherwise (the shared protocol page: "the conformance suite reports points where the reference's
 * behaviour differs as non-strict"). A failure of one of these is NON-STRICT, naming the rule.
 * Keyed by the scenario file relative to scenarios/.
 */
export const SERVER_LATITUDE: Readonly<Record<string, string>> = {
  'subscribe/subscribe-filter.yaml':
    'docs/protocol.md: Subscriptions (our rule: the server applies the filter)',
  'subscribe/subscribe-negative-filter.yaml':
    'docs/protocol.md: Subscriptions (our rule: the server applies the filter)',
  'subscribe/several-subscriptions.yaml':
    'docs/protocol.md: Subscriptions (our rule: the server applies the filter)',
  'reconnect/reconnect-and-resubscribe.yaml':
    'docs/protocol.md: Subscriptions (our rule: the server applies the filter)',
  'subscribe/subscribe-not-found.yaml':
    'docs/protocol.md: Subscriptions (our rule: an unknown subscribe path is NOT_FOUND)',
  'errors/oversize-prefix.yaml':
    'docs/protocol.md: Framing (our rule: an oversize length prefix is invalid at once)',
  'errors/stream-link-closes-on-bad-frame.yaml':
    'docs/protocol.md: Framing (our rule: a length varint over 5 bytes is invalid at once)',
};

/** The latitude rule of a scenario file (any path ending in one of the keys), if any. */
export function latitudeOf(file: string): string | undefined {
  const normalized = file.split('\\').join('/');
  for (const [key, rule] of Object.entries(SERVER_LATITUDE))
    if (normalized === key || normalized.endsWith(`/${key}`)) return rule;
  return undefined;
}
