/**
 * Moving backup records over the simulated network: a TCP-like resend of frames the link drops
 * (the network reports a loss to the sender at once), and a bounded wait that lets the event loop
 * run until an exchange completes — so a step can report how a download went.
 */
import type { Network } from '../../network/network.js';
import type { World } from '../../world/world.js';

/** Sends a frame, resending on loss up to `tries` times; returns the final status. */
export function sendReliably(
  network: Network,
  src: string,
  dst: string,
  bytes: Uint8Array,
  label: string,
  tries = 5,
): 'sent' | 'lost' | 'src-offline' {
  let status: 'sent' | 'lost' | 'src-offline' = 'lost';
  for (let attempt = 0; attempt < tries; attempt++) {
    status = network.send(src, dst, bytes, { label }).status;
    if (status !== 'lost') return status;
  }
  return status;
}

/**
 * Runs the world's events one by one until `settled()` or until the next event would fall after
 * `now + budgetMs`. Called from a step handler (never from inside an event). The clock stays at the
 * last event run, so the step's own timeline is not pushed forward.
 */
export function runUntilSettled(world: World, settled: () => boolean, budgetMs: number): boolean {
  const deadline = world.now + budgetMs;
  while (!settled()) {
    const next = world.loop.nextTime();
    if (next === undefined || next > deadline) return false;
    world.loop.step();
  }
  return true;
}
