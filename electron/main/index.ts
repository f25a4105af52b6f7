// Entry point of the Electron main process (bundled to dist/electron/main.js by electron/build.ts). The only
// main-process file that imports 'electron'; everything else receives it.
import electron from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createLabService } from '../service/create.js';
import { createDesignEngine } from '../service/design/simulator-engine.js';
import { createSimulatorEngine } from '../service/simulator-engine.js';
import { startApp } from './app.js';

const here = dirname(fileURLToPath(import.meta.url));
const log = (message: string, error: unknown) => console.error(`[sightline] ${message}`, error ?? '');

/**
 * Packaged apps keep the run worker outside the asar archive (worker_threads cannot start a script from inside
 * it). It is .mjs because no package.json with "type": "module" sits beside it there.
 */
function unpacked(path: string): string {
  return path.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
}

startApp(electron, {
  rendererDir: join(here, '..', 'renderer'),
  preloadPath: join(here, 'preload.cjs'),
  platform: process.platform,
  log,
  createService: async () => {
    const builtInDir = electron.app.isPackaged
      ? join(process.resourcesPath, 'scenarios')
      : join(here, '..', '..', 'scenarios');
    return createLabService({
      dataDir: electron.app.getPath('userData'),
      engine: createSimulatorEngine({ builtInDir }),
      worker: { entry: pathToFileURL(unpacked(join(here, 'run-worker.mjs'))) },
      designs: {
        engine: createDesignEngine(),
        worker: {
          entry: pathToFileURL(unpacked(join(here, 'design-worker.mjs'))),
          data: { libraryDir: builtInDir },
        },
      },
      log,
      rendererDir: join(here, '..', 'renderer'),
    });
  },
}).catch((error: unknown) => {
  log('the app failed to start', error);
  electron.app.quit();
});
