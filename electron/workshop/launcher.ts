// The lab service's side of the workshop (contract-workshop.ts): at most one running workshop server per
// scenario variant, started on the lab's own database so rooms survive an app restart. Starting again the same
// scenario and variant returns the running one; switching LAN on or off restarts its server on the new binding
// with the same room (it is resumed from SQLite: same code, same participants, same cursor).
import type { WorkshopInfo } from '../contract-workshop.js';
import type { SqliteDatabase } from '../storage/database.js';
import { startWorkshop, type Workshop } from './start.js';

export interface WorkshopStartRequest {
  scenarioId: string;
  /** File name for messages (the library entry's). */
  file: string;
  text: string;
  variant: string;
  lan: boolean;
  fresh: boolean;
}

/** What LabService needs; the tests can pass a fake. */
export interface WorkshopLauncher {
  start(request: WorkshopStartRequest): Promise<WorkshopInfo>;
  stop(code: string): Promise<boolean>;
  list(): WorkshopInfo[];
  close(): Promise<void>;
}

export interface LauncherOptions {
  db: SqliteDatabase;
  /** dist/renderer (must hold workshop.html). */
  rendererDir?: string;
  log?: (message: string, error?: unknown) => void;
}

function info(w: Workshop, scenarioId: string, resumed: boolean): WorkshopInfo {
  return {
    code: w.room.code,
    title: w.run.title,
    scenarioId,
    variant: w.run.variant,
    presenterUrl: w.server.presenterUrl,
    joinUrl: w.server.joinUrl,
    qrUrl: w.server.qrUrl,
    qrSvg: w.server.qrSvg,
    lan: w.server.lan,
    resumed,
    participants: w.room.participantCount(),
  };
}

export function createWorkshopLauncher(options: LauncherOptions): WorkshopLauncher {
  const running = new Map<string, { workshop: Workshop; scenarioId: string; resumed: boolean }>();
  const key = (scenarioId: string, variant: string) => `${scenarioId}\u0000${variant}`;

  async function stopKey(k: string): Promise<void> {
    const entry = running.get(k);
    if (!entry) return;
    running.delete(k);
    await entry.workshop.close();
  }

  return {
    async start(request) {
      const k = key(request.scenarioId, request.variant);
      const current = running.get(k);
      if (current && !request.fresh && current.workshop.server.lan === request.lan)
        return info(current.workshop, request.scenarioId, true);
      await stopKey(k);
      const workshop = await startWorkshop({
        file: request.file,
        text: request.text,
        variant: request.variant,
        lan: request.lan,
        fresh: request.fresh,
        db: options.db,
        ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
      const entry = {
        workshop,
        scenarioId: request.scenarioId,
        resumed: workshop.resumed || current !== undefined,
      };
      running.set(k, entry);
      return info(workshop, request.scenarioId, entry.resumed);
    },
    async stop(code) {
      for (const [k, entry] of running) {
        if (entry.workshop.room.code !== code) continue;
        await stopKey(k);
        return true;
      }
      return false;
    },
    list() {
      return [...running.values()].map((e) => info(e.workshop, e.scenarioId, e.resumed));
    },
    async close() {
      await Promise.all([...running.keys()].map(stopKey));
    },
  };
}
