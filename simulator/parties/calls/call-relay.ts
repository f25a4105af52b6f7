/**
 * The call relay the chat service runs for "Protect IP address in calls" ([CALL]): both legs of a
 * call send their media to the relay, which forwards each frame to the other leg. The peers then see
 * only the relay's address; the relay — and so the service, whose party records its observations —
 * sees both peers' addresses and the media's timing and size, but not the media (SRTP keys travel
 * end-to-end inside the call offer).
 */
import type { DeliveredFrame } from '../../network/network.js';
import type { World } from '../../world/world.js';
import { BIND_FRAME, MEDIA_FRAME, boundCallId, frameToken } from './srtp.js';

interface Leg {
  readonly callId: string;
  /** Endpoints bound to the call (socket handles for forwarding). */
  readonly endpoints: string[];
}

export class CallRelay {
  private readonly legs = new Map<string, Leg>();
  /** Media frames forwarded, for views and tests. */
  forwarded = 0;

  constructor(
    private readonly world: World,
    /** The party operating the relay (the chat server's id): observations are recorded for it. */
    readonly operator: string,
    readonly endpoint: string,
  ) {
    world.network.add({ id: endpoint, pool: 'server', receive: (frame) => this.receive(frame) });
  }

  get address(): string {
    return this.world.network.addressOf(this.endpoint);
  }

  private receive(frame: DeliveredFrame): void {
    const token = frameToken(frame.bytes);
    if (token === undefined) return;
    if (frame.bytes[0] === BIND_FRAME) {
      const callId = boundCallId(frame.bytes);
      if (callId === undefined) return;
      const leg = this.legs.get(token) ?? { callId, endpoints: [] };
      this.legs.set(token, leg);
      if (leg.endpoints.includes(frame.src)) return;
      leg.endpoints.push(frame.src);
      this.world.log('relay.bind', { relay: this.endpoint, callId, from: frame.srcAddress });
      this.world.observe(this.operator, callId, ['ip', 'timestamp'], {
        kind: 'routing',
        detail: `call relay: a leg of the call from ${frame.srcAddress}`,
      });
      return;
    }
    const leg = this.legs.get(token);
    if (frame.bytes[0] !== MEDIA_FRAME || !leg?.endpoints.includes(frame.src)) {
      this.world.log('relay.drop', { relay: this.endpoint, from: frame.srcAddress });
      return;
    }
    for (const other of leg.endpoints) {
      if (other === frame.src) continue;
      this.forwarded++;
      this.world.network.send(this.endpoint, other, frame.bytes, {
        protocol: 'udp',
        label: 'srtp-relay',
        carries: [leg.callId],
      });
    }
  }
}
