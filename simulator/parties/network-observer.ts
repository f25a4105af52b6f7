/**
 * A network observer on the path (ISP, Wi-Fi operator, state tap; SCENARIOS.md S17): it sees every
 * frame on the links it taps — addresses, sizes, timing and Noise ciphertext — and nothing else.
 */
import { Party, type World } from '../world/world.js';

export class NetworkObserver extends Party {
  readonly kind = 'network-observer';
  /** Frames seen, for views of what the observer collected. */
  framesSeen = 0;
  bytesSeen = 0;
  private readonly watched: ReadonlySet<string> | undefined;

  /**
   * @param endpoints the endpoint ids whose links are tapped, or `all`. Endpoints may appear later
   *   (a companion linked mid-run); their links are tapped from then on.
   */
  constructor(world: World, id: string, endpoints: readonly string[] | 'all') {
    super(world, id);
    this.watched = endpoints === 'all' ? undefined : new Set(endpoints);
    world.network.tap({
      on: 'all',
      see: (frame) => {
        if (!this.taps(frame.srcAddress) && !this.taps(frame.dstAddress)) return;
        this.framesSeen++;
        this.bytesSeen += frame.size;
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
