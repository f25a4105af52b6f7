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

  /** @param endpoints the endpoint ids whose links are tapped, or `all`. */
  constructor(world: World, id: string, endpoints: readonly string[] | 'all') {
    super(world, id);
    world.tapsActive = true;
    world.network.tap({
      on: endpoints,
      see: (frame) => {
        this.framesSeen++;
        this.bytesSeen += frame.size;
        for (const item of world.itemsOfFrame(frame)) {
          world.observe(this.id, item, ['ip', 'size', 'timestamp'], {
            kind: 'ciphertext',
            detail: `Noise frame ${frame.srcAddress} → ${frame.dstAddress}, ${frame.size} bytes`,
          });
        }
      },
    });
  }
}
