// Preload entry (bundled to dist/electron/preload.cjs: sandboxed preloads cannot import other files). Exposes the
// lab contract as window.sightline and nothing else; see preload/expose.ts.
import { contextBridge, ipcRenderer } from 'electron';
import { exposeLabApi } from './preload/expose.js';

exposeLabApi(contextBridge, ipcRenderer);
