/**
 * The discrete-event loop on a virtual clock in milliseconds. Nothing here touches wall-clock time:
 * `now` moves only when an event runs or when `runUntil` reaches its bound, so a run is a pure
 * function of its inputs and seed. Every run is bounded (TigerBeetle's "put a limit on everything"):
 * a scenario that schedules more than `maxEvents` events fails with `event-limit` instead of
 * spinning forever.
 */
import { SimulationError } from './errors.js';
import { EventQueue, type QueuedEvent } from './event-queue.js';

/**
 * Default bound on events per run (executed, and pending at any moment). Benchmarks with 10^5
 * messages and full fan-out run a few million events; twenty million leaves headroom while still
 * stopping a feedback loop within seconds.
 */
export const DEFAULT_MAX_EVENTS = 20_000_000;

/** A scheduled event as its scheduler sees it: when it runs and how to cancel it. */
export interface EventHandle {
  readonly time: number;
  readonly seq: number;
  readonly label: string;
}

/** Virtual clock plus deterministic event queue; see the file comment. */
export class EventLoop {
  private readonly queue = new EventQueue();
  private nowMs = 0;
  private nextSeq = 0;
  private executedCount = 0;
  private liveCount = 0;
  private running = false;

  /** @param maxEvents bound on executed events per run and on events pending at once. */
  constructor(readonly maxEvents: number = DEFAULT_MAX_EVENTS) {
    if (!Number.isInteger(maxEvents) || maxEvents < 1) {
      throw new SimulationError('invalid-option', `max_events must be a positive integer, got ${maxEvents}`);
    }
  }

  /** Current virtual time in ms. */
  get now(): number {
    return this.nowMs;
  }

  /** Events run so far in this loop's lifetime. */
  get executed(): number {
    return this.executedCount;
  }

  /** Events scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.liveCount;
  }

  /** Time of the next live event, or undefined when idle. */
  nextTime(): number | undefined {
    this.dropCancelledHead();
    return this.queue.peek()?.time;
  }

  /**
   * Runs `run` after `delayMs` of virtual time (0 = after every event already due now).
   * @throws SimulationError `invalid-time` for a negative or non-finite delay, `event-limit` when
   *   too many events are pending.
   */
  schedule(delayMs: number, run: () => void, label = 'event'): EventHandle {
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new SimulationError(
        'invalid-time',
        `delay must be a finite number ≥ 0 ms, got ${delayMs} (${label})`,
      );
    }
    return this.enqueue(this.nowMs + delayMs, run, label);
  }

  /**
   * Runs `run` at absolute virtual time `timeMs`.
   * @throws SimulationError `time-in-past` when `timeMs` is before `now`, `invalid-time` when not finite.
   */
  at(timeMs: number, run: () => void, label = 'event'): EventHandle {
    if (!Number.isFinite(timeMs)) {
      throw new SimulationError('invalid-time', `time must be finite, got ${timeMs} (${label})`);
    }
    if (timeMs < this.nowMs) {
      throw new SimulationError(
        'time-in-past',
        `cannot schedule ${label} at ${timeMs} ms: now is ${this.nowMs} ms`,
      );
    }
    return this.enqueue(timeMs, run, label);
  }

  /** Cancels an event scheduled by this loop; returns false when it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const event = handle as QueuedEvent;
    if (event.cancelled) return false;
    event.cancelled = true;
    this.liveCount--;
    return true;
  }

  /**
   * Runs every event due at or before `timeMs`, in (time, seq) order, then sets the clock to
   * `timeMs`. Returns the number of events run.
   * @throws SimulationError `time-in-past`, `reentrant-run`, `event-limit`; an event's own error
   *   propagates (the loop stays consistent: the failing event is already removed).
   */
  runUntil(timeMs: number): number {
    if (!Number.isFinite(timeMs))
      throw new SimulationError('invalid-time', `runUntil needs a finite time, got ${timeMs}`);
    if (timeMs < this.nowMs) {
      throw new SimulationError('time-in-past', `runUntil(${timeMs}) is before now (${this.nowMs} ms)`);
    }
    const ran = this.drain(timeMs);
    this.nowMs = timeMs;
    return ran;
  }

  /** Runs events until none is left; the clock stays at the last event's time. */
  runUntilIdle(): number {
    return this.drain(Infinity);
  }

  /** Runs the single next event, if any; returns whether one ran. For step-through views. */
  step(): boolean {
    return this.drain(Infinity, 1) === 1;
  }

  private enqueue(time: number, run: () => void, label: string): EventHandle {
    if (this.liveCount >= this.maxEvents) {
      throw new SimulationError(
        'event-limit',
        `more than ${this.maxEvents} events pending at ${this.nowMs} ms (last: ${label}); raise max_events or look for a loop`,
      );
    }
    const event: QueuedEvent = { time, seq: this.nextSeq++, label, run, cancelled: false };
    this.queue.push(event);
    this.liveCount++;
    return event;
  }

  private drain(limitMs: number, maxSteps = Infinity): number {
    if (this.running)
      throw new SimulationError('reentrant-run', 'runUntil/runUntilIdle called from inside an event');
    this.running = true;
    let ran = 0;
    try {
      while (ran < maxSteps) {
        const next = this.queue.peek();
        if (next === undefined || next.time > limitMs) break;
        this.queue.pop();
        if (next.cancelled) continue;
        this.liveCount--;
        if (this.executedCount >= this.maxEvents) {
          throw new SimulationError(
            'event-limit',
            `more than ${this.maxEvents} events executed (at ${next.time} ms, ${next.label}); raise max_events or look for a loop`,
          );
        }
        this.executedCount++;
        this.nowMs = next.time;
        // Marked before running so a handle cancelled by its own callback reports false.
        next.cancelled = true;
        ran++;
        next.run();
      }
    } finally {
      this.running = false;
    }
    return ran;
  }

  private dropCancelledHead(): void {
    for (let head = this.queue.peek(); head?.cancelled; head = this.queue.peek()) this.queue.pop();
  }
}
