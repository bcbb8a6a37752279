import fc from 'fast-check';
import { ResponseType, Status, type NanoRpcResponse } from '../../src/protocol/messages.js';
import { Subscription, type TerminationReason } from '../../src/client/subscription.js';
import {
  SubscriptionPhaseError,
  canApply,
  classifySubscriptionFrame,
  nextPhase,
  type SubscriptionEvent,
  type SubscriptionPhase,
} from '../../src/client/subscription-phase.js';

const EVENTS: SubscriptionEvent[] = [
  'ack-ok',
  'ack-failed',
  'unsubscribe-sent',
  'unsubscribe-acked',
  'suspended',
  'ended',
];
const FRAME_TYPES = [ResponseType.Pong, ResponseType.Response, ResponseType.Update, 0, 9];

/** The only moves docs/protocol.md allows (plus active -> pending for a restore after reconnect). */
const ALLOWED = new Set([
  'pending>active',
  'pending>terminated',
  'active>unsubscribing',
  'active>terminated',
  'active>pending',
  'unsubscribing>terminated',
]);

describe('subscription phase machine', () => {
  it('follows pending -> active -> unsubscribing -> terminated', () => {
    let phase: SubscriptionPhase = 'pending';
    phase = nextPhase(phase, 'ack-ok');
    expect(phase).toBe('active');
    phase = nextPhase(phase, 'unsubscribe-sent');
    expect(phase).toBe('unsubscribing');
    phase = nextPhase(phase, 'unsubscribe-acked');
    expect(phase).toBe('terminated');
    expect(() => nextPhase(phase, 'ack-ok')).toThrow(SubscriptionPhaseError);
  });

  it('tells the subscribe ack from the unsubscribe ack by phase', () => {
    expect(classifySubscriptionFrame('pending', ResponseType.Response)).toBe('subscribe-ack');
    expect(classifySubscriptionFrame('active', ResponseType.Response)).toBe('unexpected');
    expect(classifySubscriptionFrame('unsubscribing', ResponseType.Response)).toBe(
      'unsubscribe-ack',
    );
    expect(classifySubscriptionFrame('unsubscribing', ResponseType.Update)).toBe('update');
    expect(classifySubscriptionFrame('terminated', ResponseType.Update)).toBe('unexpected');
    expect(classifySubscriptionFrame('pending', ResponseType.Update)).toBe('unexpected');
  });

  it('only makes allowed moves, delivers only when live, and nothing after terminated (property)', () => {
    const step = fc.oneof(
      fc.record({ event: fc.constantFrom(...EVENTS) }),
      fc.record({ frame: fc.constantFrom(...FRAME_TYPES) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let phase: SubscriptionPhase = 'pending';
        for (const s of steps) {
          if ('event' in s) {
            if (!canApply(phase, s.event)) {
              expect(() => nextPhase(phase, s.event)).toThrow(SubscriptionPhaseError);
              continue;
            }
            const next = nextPhase(phase, s.event);
            expect(ALLOWED.has(`${phase}>${next}`)).toBe(true);
            phase = next;
            continue;
          }
          const role = classifySubscriptionFrame(phase, s.frame);
          if (role === 'update') expect(['active', 'unsubscribing']).toContain(phase);
          if (role === 'subscribe-ack') expect(phase).toBe('pending');
          if (role === 'unsubscribe-ack') expect(phase).toBe('unsubscribing');
          if (phase === 'terminated') expect(role).toBe('unexpected');
        }
      }),
    );
  });

  it('routes a well-behaved server conversation with updates racing the unsubscribe (property)', () => {
    // Server: ack, `before` updates, client sends unsubscribe, `racing` updates already in
    // flight, then the unsubscribe ack, then `late` stray updates that must not be delivered.
    fc.assert(
      fc.property(fc.nat(20), fc.nat(20), fc.nat(5), (before, racing, late) => {
        const sub = new Subscription(
          { unsubscribe: () => Promise.reject(new Error('unused')) },
          7,
          '/t',
          new Uint8Array(0),
        );
        const delivered: number[] = [];
        const reasons: TerminationReason[] = [];
        sub.on('update', (u) => delivered.push(u.data[0] as number));
        sub.on('terminated', (reason) => reasons.push(reason));
        const frame = (type: ResponseType, n = 0): NanoRpcResponse => ({
          requestId: 7,
          responseType: type,
          responseStatus: Status.Ok,
          responseMessage: '',
          data: Uint8Array.of(n),
        });
        const receive = (r: NanoRpcResponse): void => {
          const role = classifySubscriptionFrame(sub.phase, r.responseType);
          if (role === 'subscribe-ack') sub.applyEvent('ack-ok');
          else if (role === 'unsubscribe-ack') sub.applyEvent('unsubscribe-acked', 'unsubscribed');
          else if (role === 'update') sub.deliver(r);
        };
        receive(frame(ResponseType.Response));
        let n = 0;
        for (let i = 0; i < before; i++) receive(frame(ResponseType.Update, n++));
        sub.applyEvent('unsubscribe-sent');
        for (let i = 0; i < racing; i++) receive(frame(ResponseType.Update, n++));
        receive(frame(ResponseType.Response));
        for (let i = 0; i < late; i++) receive(frame(ResponseType.Update, 99));
        expect(delivered).toEqual(Array.from({ length: before + racing }, (_, i) => i));
        expect(sub.phase).toBe('terminated');
        expect(reasons).toEqual(['unsubscribed']);
      }),
    );
  });
});
