// Where the e2e host listens and where it leaves its address (with the per-launch token) for the tests.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const E2E_PORT = Number(process.env.SIGHTLINE_E2E_PORT ?? 5871);
export const SERVER_INFO_FILE = join(tmpdir(), `sightline-e2e-${E2E_PORT}.json`);

export interface ServerInfo {
  url: string;
  origin: string;
  token: string;
}

export function readServerInfo(): ServerInfo {
  return JSON.parse(readFileSync(SERVER_INFO_FILE, 'utf8')) as ServerInfo;
}
