/**
 * A link between two endpoints: latency, jitter and loss, each frame's fate drawn from the link's
 * own random fork. Both draws are taken for every frame (loss first, then jitter) whatever the
 * outcome, so one frame's loss never shifts the delays of the frames after it.
 *
 * Delay model: `latency_ms + jitter_ms × u` with u uniform in [0, 1) — latency is the floor (the
 * speed of light does not jitter downwards), jitter only adds. Delays are rounded to whole
 * microseconds so journals stay short and readable.
 */
import { SimulationError } from './errors.js';
import type { RandomStream } from './random.js';

/** Link behaviour; units in the names. */
export interface LinkOptions {
  /** One-way base delay in ms (≥ 0). */
  readonly latency_ms: number;
  /** Extra delay in ms, uniform in [0, jitter_ms) per frame (≥ 0). */
  readonly jitter_ms: number;
  /** Probability in [0, 1] that a frame is lost. */
  readonly loss_rate: number;
}

/** What happened to one frame on a link. */
export interface LinkSample {
  readonly lost: boolean;
  readonly delay_ms: number;
}

/** @throws SimulationError `invalid-option` when an option is out of range. */
export function checkLinkOptions(options: LinkOptions, where: string): void {
  const { latency_ms, jitter_ms, loss_rate } = options;
  if (!Number.isFinite(latency_ms) || latency_ms < 0)
    bad(where, 'latency_ms', latency_ms, 'a finite number ≥ 0');
  if (!Number.isFinite(jitter_ms) || jitter_ms < 0) bad(where, 'jitter_ms', jitter_ms, 'a finite number ≥ 0');
  if (!(loss_rate >= 0 && loss_rate <= 1)) bad(where, 'loss_rate', loss_rate, 'a number in [0, 1]');
}

function bad(where: string, name: string, value: number, expected: string): never {
  throw new SimulationError('invalid-option', `${where}: ${name} must be ${expected}, got ${value}`);
}

/** One (undirected) link; see the file comment. */
export class Link {
  constructor(
    readonly a: string,
    readonly b: string,
    readonly options: LinkOptions,
    private readonly random: RandomStream,
  ) {
    checkLinkOptions(options, `link ${a}–${b}`);
  }

  /** Draws the fate of the next frame on this link. */
  sample(): LinkSample {
    const lossDraw = this.random.float();
    const jitterDraw = this.random.float();
    const delay = this.options.latency_ms + this.options.jitter_ms * jitterDraw;
    return { lost: lossDraw < this.options.loss_rate, delay_ms: Math.round(delay * 1000) / 1000 };
  }
}
