/**
 * A network observer on the path (ISP, Wi-Fi operator, state tap; SCENARIOS.md S17): it sees every
 * frame on the links it taps — addresses, sizes, timing and Noise ciphertext — and nothing else.
 * When it `records` (a scenario with a `quantum-break` step: "harvest now, decrypt later"), it also
 * keeps the bytes of every frame it saw, as a tap that stores full packet captures would.
 */
import { Party, type World } from '../world/world.js';

/** One frame as the observer stored it: what was on the wire, nothing of the ground truth. */
export interface RecordedFrame {
  readonly id: number;
  /** Virtual time it was on the wire, ms. */
  readonly t: number;
  readonly srcAddress: string;
  readonly dstAddress: string;
  readonly bytes: Uint8Array;
}

export class NetworkObserver extends Party {
  readonly kind = 'network-observer';
  /** Frames seen, for views of what the observer collected. */
  framesSeen = 0;
  bytesSeen = 0;
  private readonly watched: ReadonlySet<string> | undefined;
  /** The stored capture, in wire order; undefined when the observer does not record. */
  readonly recording: RecordedFrame[] | undefined;

  /**
   * @param endpoints the endpoint ids whose links are tapped, or `all`. Endpoints may appear later
   *   (a companion linked mid-run); their links are tapped from then on.
   * @param record whether to store the bytes of every frame seen (harvest now, decrypt later).
   */
  constructor(world: World, id: string, endpoints: readonly string[] | 'all', record = false) {
    super(world, id);
    this.watched = endpoints === 'all' ? undefined : new Set(endpoints);
    this.recording = record ? [] : undefined;
    world.network.tap({
      on: 'all',
      see: (frame) => {
        if (!this.taps(frame.srcAddress) && !this.taps(frame.dstAddress)) return;
        this.framesSeen++;
        this.bytesSeen += frame.size;
        this.recording?.push({
          id: frame.id,
          t: frame.t,
          srcAddress: frame.srcAddress,
          dstAddress: frame.dstAddress,
          bytes: frame.bytes,
        });
        for (const item of frame.carries) {
          world.observe(this.id, item, ['ip', 'size', 'timestamp'], {
            kind: 'ciphertext',
            detail: `${frame.protocol.toUpperCase()} frame ${frame.srcAddress} → ${frame.dstAddress}`,
          });
        }
      },
    });
  }

  private taps(address: string): boolean {
    if (this.watched === undefined) return true;
    for (const endpoint of this.watched) {
      if (this.world.network.list().some((e) => e.id === endpoint && e.address === address)) return true;
    }
    return false;
  }
}
