/// <reference types="vite/client" />
import type { LabApi } from '../../electron/contract.js';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    /** Exposed by the Electron preload (electron/preload/expose.ts); absent in browser mode. */
    sightline?: LabApi;
  }
}

declare module 'vue' {
  // data-* attributes (test hooks, export markers) on native elements under strict template checking.
  interface HTMLAttributes {
    [key: `data-${string}`]: unknown;
  }
}
