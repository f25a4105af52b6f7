/**
 * A binary min-heap of scheduled events ordered by (time, seq). `seq` is the insertion number, so two
 * events at the same virtual time run in the order they were scheduled: the order never depends on
 * heap internals, which is what makes a run reproducible from its seed. A heap (not a sorted array)
 * because benchmarks keep up to ~10^6 events in flight: push and pop are O(log n).
 */

/** One scheduled callback. `cancelled` entries stay in the heap and are skipped when popped. */
export interface QueuedEvent {
  readonly time: number;
  readonly seq: number;
  /** Short name for error messages and tracing, e.g. `net.deliver`. */
  readonly label: string;
  readonly run: () => void;
  cancelled: boolean;
}

/** True when `a` must run before `b`. */
function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** Deterministic priority queue of events; see the file comment for the ordering rule. */
export class EventQueue {
  private readonly heap: QueuedEvent[] = [];

  /** Number of entries held, cancelled ones included until they are popped. */
  get size(): number {
    return this.heap.length;
  }

  /** The next entry to run, without removing it. */
  peek(): QueuedEvent | undefined {
    return this.heap[0];
  }

  push(event: QueuedEvent): void {
    const heap = this.heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(event, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
  }

  /** Removes and returns the earliest entry (by time, then seq). */
  pop(): QueuedEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        let child = left;
        if (right < n && before(heap[right]!, heap[left]!)) child = right;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
