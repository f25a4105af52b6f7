/**
 * Where the CLI writes, and whether it may colour: colours only when the stream is a terminal,
 * never with NO_COLOR or TERM=dumb, always with FORCE_COLOR (https://no-color.org). Injected, so
 * tests run the CLI in-process and read what it printed.
 */

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

export interface Palette {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURS: Palette = {
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};
const identity = (text: string) => text;
const PLAIN: Palette = { red: identity, green: identity, yellow: identity, dim: identity, bold: identity };

/** Whether to colour output written to `stream`. `flag` is `--color` / `--no-color` when given. */
export function useColour(stream: OutputStream, env: CliIo['env'], flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

export function palette(enabled: boolean): Palette {
  return enabled ? COLOURS : PLAIN;
}
