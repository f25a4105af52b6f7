import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../simulator/crypto/seeded-random.js';
import { SimulationError } from '../../simulator/network/errors.js';
import { EventLoop } from '../../simulator/network/event-loop.js';
import { EventQueue } from '../../simulator/network/event-queue.js';

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof SimulationError ? error.code : `other: ${String(error)}`;
  }
  return undefined;
}

describe('EventQueue', () => {
  it('pops in (time, seq) order for random pushes, matching a stable sort', () => {
    const random = new SeededRandom('heap');
    const queue = new EventQueue();
    const pushed: { time: number; seq: number }[] = [];
    for (let seq = 0; seq < 5000; seq++) {
      const time = random.int(0, 200); // many ties
      pushed.push({ time, seq });
      queue.push({ time, seq, label: 'x', run: () => {}, cancelled: false });
    }
    const expected = pushed.slice().sort((a, b) => a.time - b.time || a.seq - b.seq);
    const popped: { time: number; seq: number }[] = [];
    for (let e = queue.pop(); e !== undefined; e = queue.pop()) popped.push({ time: e.time, seq: e.seq });
    expect(popped).toEqual(expected);
  });
});

describe('EventLoop', () => {
  it('runs events by virtual time, and same-time events in scheduling order', () => {
    const loop = new EventLoop();
    const order: string[] = [];
    loop.schedule(10, () => order.push('b@10'));
    loop.schedule(5, () => order.push('a@5'));
    loop.schedule(10, () => order.push('c@10'));
    loop.at(10, () => order.push('d@10'));
    loop.schedule(0, () => order.push('z@0'));
    expect(loop.runUntilIdle()).toBe(5);
    expect(order).toEqual(['z@0', 'a@5', 'b@10', 'c@10', 'd@10']);
    expect(loop.now).toBe(10);
  });

  it('runs an event scheduled with delay 0 from inside an event after the ones already due', () => {
    const loop = new EventLoop();
    const order: string[] = [];
    loop.schedule(1, () => {
      order.push('first');
      loop.schedule(0, () => order.push('nested'));
    });
    loop.schedule(1, () => order.push('second'));
    loop.runUntilIdle();
    expect(order).toEqual(['first', 'second', 'nested']);
  });

  it('runUntil stops at the bound, sets the clock to it, and leaves later events pending', () => {
    const loop = new EventLoop();
    const seen: number[] = [];
    for (const t of [5, 10, 15]) loop.at(t, () => seen.push(loop.now));
    expect(loop.runUntil(10)).toBe(2);
    expect(seen).toEqual([5, 10]);
    expect(loop.now).toBe(10);
    expect(loop.pending).toBe(1);
    expect(loop.nextTime()).toBe(15);
    loop.runUntil(100);
    expect(loop.now).toBe(100);
    expect(seen).toEqual([5, 10, 15]);
  });

  it('refuses times in the past, negative or non-finite delays', () => {
    const loop = new EventLoop();
    loop.runUntil(50);
    expect(errorCode(() => loop.at(49, () => {}))).toBe('time-in-past');
    expect(errorCode(() => loop.schedule(-1, () => {}))).toBe('invalid-time');
    expect(errorCode(() => loop.schedule(NaN, () => {}))).toBe('invalid-time');
    expect(errorCode(() => loop.schedule(Infinity, () => {}))).toBe('invalid-time');
    expect(errorCode(() => loop.runUntil(10))).toBe('time-in-past');
  });

  it('cancelled events do not run and cancel reports whether it did anything', () => {
    const loop = new EventLoop();
    let ran = 0;
    const handle = loop.schedule(5, () => ran++);
    const kept = loop.schedule(6, () => ran++);
    expect(loop.cancel(handle)).toBe(true);
    expect(loop.cancel(handle)).toBe(false);
    expect(loop.pending).toBe(1);
    loop.runUntilIdle();
    expect(ran).toBe(1);
    expect(loop.cancel(kept)).toBe(false);
  });

  it('stops a runaway run with event-limit once max_events have run', () => {
    const loop = new EventLoop(100);
    const tick = (): void => {
      loop.schedule(1, tick);
    };
    loop.schedule(0, tick);
    expect(errorCode(() => loop.runUntilIdle())).toBe('event-limit');
    expect(loop.executed).toBe(100);
  });

  it('refuses more pending events than max_events', () => {
    const loop = new EventLoop(10);
    for (let i = 0; i < 10; i++) loop.schedule(i, () => {});
    expect(errorCode(() => loop.schedule(1, () => {}))).toBe('event-limit');
  });

  it('refuses a nested run from inside an event and stays usable afterwards', () => {
    const loop = new EventLoop();
    let inner: string | undefined;
    loop.schedule(1, () => {
      inner = errorCode(() => loop.runUntilIdle());
    });
    loop.runUntilIdle();
    expect(inner).toBe('reentrant-run');
    let ran = false;
    loop.schedule(1, () => (ran = true));
    loop.runUntilIdle();
    expect(ran).toBe(true);
  });

  it('propagates an event error and keeps the rest of the queue', () => {
    const loop = new EventLoop();
    let later = false;
    loop.schedule(1, () => {
      throw new Error('boom');
    });
    loop.schedule(2, () => (later = true));
    expect(() => loop.runUntilIdle()).toThrow('boom');
    expect(loop.now).toBe(1);
    loop.runUntilIdle();
    expect(later).toBe(true);
  });

  it('step runs exactly one event', () => {
    const loop = new EventLoop();
    const order: number[] = [];
    loop.schedule(3, () => order.push(3));
    loop.schedule(1, () => order.push(1));
    expect(loop.step()).toBe(true);
    expect(order).toEqual([1]);
    expect(loop.step()).toBe(true);
    expect(loop.step()).toBe(false);
    expect(order).toEqual([1, 3]);
  });
});
