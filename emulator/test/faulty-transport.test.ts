import { encodeResponseFrame, ResponseType, Status, TransportClosedError } from '@nanorpc-sim/core';
import { FaultController } from '../src/fault-controller.js';
import type { FaultInput } from '../src/fault-spec.js';
import { FaultyTransport } from '../src/faulty-transport.js';
import { SeededRandom } from '../src/seeded-random.js';
import { ManualClock } from './manual-clock.js';
import { RecordingTransport } from './recording-transport.js';

function frame(requestId: number, size = 4): Uint8Array {
  return encodeResponseFrame({
    requestId,
    responseType: ResponseType.Response,
    responseStatus: Status.Ok,
    responseMessage: '',
    data: new Uint8Array(size).fill(requestId),
  });
}

function setup(faults: FaultInput, seed = 42) {
  const clock = new ManualClock();
  const inner = new RecordingTransport(() => clock.now());
  const controller = new FaultController(faults);
  const link = new FaultyTransport(inner, controller, { random: new SeededRandom(seed), clock });
  return { clock, inner, controller, link };
}

/** Lets resolved promises run their callbacks. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('FaultyTransport', () => {
  it('loses what arrives while the device does not read (a restart), then reads again', () => {
    let reading = true;
    const inner = new RecordingTransport(() => 0);
    const link = new FaultyTransport(inner, new FaultController({}), {
      random: new SeededRandom(1),
      reading: () => reading,
    });
    const received: Uint8Array[] = [];
    link.on('data', (chunk) => received.push(chunk));
    inner.receive(Uint8Array.of(1));
    reading = false;
    inner.receive(Uint8Array.of(2));
    reading = true;
    inner.receive(Uint8Array.of(3));
    expect(received).toEqual([Uint8Array.of(1), Uint8Array.of(3)]);
  });

  it('passes bytes through untouched, at once, when no fault is on', async () => {
    const { inner, link } = setup({});
    const received: Uint8Array[] = [];
    link.on('data', (chunk) => received.push(chunk));
    await link.write(frame(1));
    expect(inner.writes).toEqual([{ at: 0, bytes: frame(1) }]);
    inner.receive(Uint8Array.of(1, 2, 3));
    expect(received).toEqual([Uint8Array.of(1, 2, 3)]);
    expect(link.kind).toBe('tcp');
    expect(link.recovery).toBe('close');
  });

  it('adds latency to each frame without making the sender wait for it', async () => {
    const { clock, inner, link } = setup({ latencyMs: 20 });
    await link.write(frame(1)); // resolves at once: the bytes are in flight
    clock.advance(5);
    await link.write(frame(2));
    clock.advance(14);
    expect(inner.writes).toEqual([]);
    clock.advance(1);
    expect(inner.writes.map((write) => write.at)).toEqual([20]);
    clock.advance(10);
    expect(inner.writes).toEqual([
      { at: 20, bytes: frame(1) },
      { at: 25, bytes: frame(2) },
    ]);
  });

  it('varies delays within latency +/- jitter, keeps order, and repeats with the same seed', () => {
    const run = (seed: number): number[] => {
      const { clock, inner, link } = setup({ latencyMs: 50, jitterMs: 30 }, seed);
      for (let i = 0; i < 40; i++) {
        void link.write(frame(i));
        clock.advance(10);
      }
      clock.advance(100);
      expect(inner.received).toEqual(
        Uint8Array.from(Array.from({ length: 40 }, (_, i) => [...frame(i)]).flat()),
      );
      return inner.writes.map((write) => write.at);
    };
    const times = run(42);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    times.forEach((time, index) => {
      // Written at 10 * index: delayed 20 to 80 ms, or held back to keep the order.
      expect(time - 10 * index).toBeGreaterThanOrEqual(20);
      expect(time - 10 * index).toBeLessThanOrEqual(80);
    });
    expect(new Set(times.map((time, index) => Math.round(time - 10 * index))).size).toBeGreaterThan(
      10,
    );
    expect(run(42)).toEqual(times);
    expect(run(43)).not.toEqual(times);
  });

  it('throttles to baud/10 bytes per second: 2 KiB at 9600 baud take 2133 ms', async () => {
    const { clock, inner, link } = setup({ baud: 9600 });
    const bytes = Uint8Array.from({ length: 2048 }, (_, i) => i & 0xff);
    let written = false;
    const writing = link.write(bytes).then(() => {
      written = true;
    });
    clock.advance(2133);
    await settle();
    expect(written).toBe(false);
    expect(inner.writes).toEqual([]);
    clock.advance(1);
    await writing;
    // Handed over whole once its last byte has left the line.
    expect(inner.writes).toEqual([{ at: 2048 * (10_000 / 9600), bytes }]);
  });

  it('queues writes on the throttled line one after another', () => {
    const { clock, inner, link } = setup({ baud: 9600 });
    // 96 bytes are 100 ms of line time at 9600 baud.
    for (let i = 0; i < 5; i++) void link.write(new Uint8Array(96).fill(i));
    clock.advance(1000);
    expect(inner.writes.map((write) => Math.round(write.at))).toEqual([100, 200, 300, 400, 500]);
    expect(inner.writes.map((write) => write.bytes[0])).toEqual([0, 1, 2, 3, 4]);
  });

  it('drops every byte at drop=1 and repeats the same losses for the same seed', () => {
    const all = setup({ drop: 1 });
    void all.link.write(frame(1));
    expect(all.inner.received.length).toBe(0);
    expect(all.link.stats.bytesDropped).toBe(frame(1).length);

    const lossy = (seed: number): Uint8Array => {
      const { inner, link } = setup({ drop: 0.5 }, seed);
      void link.write(frame(7, 200));
      return inner.received;
    };
    const kept = lossy(42);
    expect(kept.length).toBeGreaterThan(50);
    expect(kept.length).toBeLessThan(frame(7, 200).length - 50);
    expect(lossy(42)).toEqual(kept);
  });

  it('changes every byte at corrupt=1, keeping the length', () => {
    const { inner, link } = setup({ corrupt: 1 });
    const bytes = frame(3, 100);
    void link.write(bytes);
    expect(inner.received.length).toBe(bytes.length);
    inner.received.forEach((byte, index) => expect(byte).not.toBe(bytes[index]));
    expect(link.stats.bytesCorrupted).toBe(bytes.length);
  });

  it('disconnects right after the Nth frame, even when frames share a write', async () => {
    const { inner, link } = setup({ disconnectAfter: 3 });
    const closed = new Promise<void>((resolve) => link.once('close', () => resolve()));
    await link.write(frame(1));
    await link.write(Uint8Array.from([...frame(2), ...frame(3), ...frame(4)]));
    await closed;
    expect(inner.received).toEqual(Uint8Array.from([...frame(1), ...frame(2), ...frame(3)]));
    expect(inner.closed).toBe(true);
    expect(link.stats).toMatchObject({ framesSent: 3, disconnected: true });
    await expect(link.write(frame(5))).rejects.toBeInstanceOf(TransportClosedError);
  });

  it('counts frames from the start, so a disconnect turned on later fires at the next frame', () => {
    const { inner, controller, link } = setup({});
    void link.write(frame(1));
    void link.write(frame(2));
    controller.update({ disconnectAfter: 2 });
    void link.write(frame(3));
    expect(inner.received).toEqual(Uint8Array.from([...frame(1), ...frame(2), ...frame(3)]));
    expect(inner.closed).toBe(true);
  });

  it('applies a change of faults to the next write', () => {
    const { clock, inner, controller, link } = setup({});
    void link.write(frame(1));
    controller.update({ latencyMs: 100 });
    void link.write(frame(2));
    expect(inner.writes).toHaveLength(1);
    clock.advance(100);
    expect(inner.writes).toHaveLength(2);
    controller.clear();
    void link.write(frame(3));
    expect(inner.writes).toHaveLength(3);
  });

  it('close() delivers what is in flight first; destroy() drops it', async () => {
    const graceful = setup({ latencyMs: 30 });
    void graceful.link.write(frame(1));
    const closing = graceful.link.close();
    expect(graceful.link.closed).toBe(true);
    await expect(graceful.link.write(frame(2))).rejects.toBeInstanceOf(TransportClosedError);
    expect(graceful.inner.closed).toBe(false);
    graceful.clock.advance(30);
    await closing;
    expect(graceful.inner.received).toEqual(frame(1));
    expect(graceful.inner.closed).toBe(true);

    const abrupt = setup({ latencyMs: 30 });
    void abrupt.link.write(frame(1));
    await abrupt.link.destroy();
    abrupt.clock.advance(30);
    expect(abrupt.inner.received.length).toBe(0);
    expect(abrupt.clock.pendingTimers).toBe(0);
  });

  it('rejects writes still waiting for the throttle when the peer goes away', async () => {
    const { inner, link } = setup({ baud: 300 });
    const closeEvents: unknown[] = [];
    link.on('close', (error) => closeEvents.push(error));
    const writing = link.write(new Uint8Array(100));
    await inner.close();
    await expect(writing).rejects.toBeInstanceOf(TransportClosedError);
    expect(closeEvents).toEqual([undefined]);
    expect(link.closed).toBe(true);
  });
});
