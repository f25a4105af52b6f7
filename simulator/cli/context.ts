/** What every command gets: where to write, colours, the working directory and the engine seam. */
import type { CliIo, Palette } from './io.js';
import type { RunScenario } from './runner-port.js';

export interface CommandContext {
  io: CliIo;
  /** Colours for stdout. */
  out: Palette;
  /** Colours for stderr. */
  err: Palette;
  /** The engine, loaded on first use (run, diff). */
  runner(): Promise<RunScenario>;
  /** Whether `--jobs N` may use worker threads (not when a test injected its own engine). */
  workers: boolean;
  /** The worker module of `--jobs N`, when the launcher already has one (main.ts, MainOptions). */
  workerUrl?: string;
}

export function println(stream: { write(text: string): unknown }, text = ''): void {
  stream.write(`${text}\n`);
}
