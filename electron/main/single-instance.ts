// One Sightline per user: a second launch hands over to the first (which comes to the front) and quits, so two
// processes never write the same database or fight over the window.
import type { AppLike } from './deps.js';

/** @returns true if this process is the one instance; false if it has asked itself to quit. */
export function claimSingleInstance(app: AppLike, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', onSecondInstance);
  return true;
}
