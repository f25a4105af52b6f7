/**
 * CPU time of this process's finished children (user + system), from Linux's /proc/self/stat
 * (`cutime` + `cstime`, proc(5)): a `spawnSync` child is reaped before the call returns, so the
 * difference across the call is that child's CPU — every thread of it, workers included. Node's
 * own `process.cpuUsage()` counts only this process. Elsewhere (no /proc) the figure is absent.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second that /proc counts in (`getconf CLK_TCK`; 100 on every Linux we know). */
function ticksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

const TICKS = ticksPerSecond();

/** Seconds of CPU used by this process's reaped children so far, or undefined without /proc. */
export function childCpuSeconds(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces; fields after it are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of the line (cutime, cstime) are 13 and 14 after the name.
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  return Number.isFinite(cutime) && Number.isFinite(cstime) ? (cutime + cstime) / TICKS : undefined;
}
