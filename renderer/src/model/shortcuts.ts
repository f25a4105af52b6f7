// Keyboard shortcuts: the table shown in the help dialog and the matching rule, pure so they are unit-tested.
// Single-key shortcuts never fire while the user types in a field or the editor.

export interface ShortcutDef {
  readonly id: ShortcutId;
  /** Key combination as shown and matched, e.g. `?`, `Shift+ArrowRight`, `Mod+Enter` (Mod = Ctrl or ⌘). */
  readonly keys: string;
  readonly description: string;
  readonly group: 'Navigate' | 'Present' | 'Timeline' | 'Run and edit';
}

export type ShortcutId =
  | 'go-library'
  | 'go-scenario'
  | 'go-editor'
  | 'go-runs'
  | 'go-compare'
  | 'go-architect'
  | 'focus-search'
  | 'help'
  | 'presenter'
  | 'reveal'
  | 'hide'
  | 'theme'
  | 'play'
  | 'step-back'
  | 'step-forward'
  | 'scrub-back'
  | 'scrub-forward'
  | 'start'
  | 'end'
  | 'slower'
  | 'faster'
  | 'run'
  | 'save';

export const SHORTCUTS: readonly ShortcutDef[] = [
  { id: 'go-library', keys: '1', description: 'Library', group: 'Navigate' },
  { id: 'go-scenario', keys: '2', description: 'Scenario (the run you have open)', group: 'Navigate' },
  { id: 'go-editor', keys: '3', description: 'Editor', group: 'Navigate' },
  { id: 'go-runs', keys: '4', description: 'Runs', group: 'Navigate' },
  { id: 'go-compare', keys: '5', description: 'Compare', group: 'Navigate' },
  { id: 'go-architect', keys: '6', description: 'Architect', group: 'Navigate' },
  { id: 'focus-search', keys: '/', description: 'Search the library', group: 'Navigate' },
  { id: 'help', keys: '?', description: 'Show these shortcuts', group: 'Navigate' },
  { id: 'presenter', keys: 'p', description: 'Presenter mode on or off', group: 'Present' },
  { id: 'reveal', keys: 'r', description: 'Reveal who sees what', group: 'Present' },
  { id: 'hide', keys: 'h', description: 'Hide the answers again', group: 'Present' },
  { id: 'theme', keys: 't', description: 'Switch light and dark theme', group: 'Present' },
  { id: 'play', keys: 'Space', description: 'Play or pause the timeline', group: 'Timeline' },
  { id: 'step-back', keys: 'ArrowLeft', description: 'Previous step', group: 'Timeline' },
  { id: 'step-forward', keys: 'ArrowRight', description: 'Next step', group: 'Timeline' },
  { id: 'scrub-back', keys: 'Shift+ArrowLeft', description: 'Back one second', group: 'Timeline' },
  { id: 'scrub-forward', keys: 'Shift+ArrowRight', description: 'Forward one second', group: 'Timeline' },
  { id: 'start', keys: 'Home', description: 'To the start', group: 'Timeline' },
  { id: 'end', keys: 'End', description: 'To the end', group: 'Timeline' },
  { id: 'slower', keys: '[', description: 'Slower', group: 'Timeline' },
  { id: 'faster', keys: ']', description: 'Faster', group: 'Timeline' },
  { id: 'run', keys: 'Mod+Enter', description: 'Run the scenario', group: 'Run and edit' },
  { id: 'save', keys: 'Mod+s', description: 'Save to the library (editor)', group: 'Run and edit' },
];

/** The parts of a KeyboardEvent the matcher reads. */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const KEY_NAMES: Record<string, string> = { Space: ' ' };

/** Whether `event` is the combination `keys`. Shift is implied for printable symbols such as `?`. */
export function matchesKeys(event: KeyLike, keys: string): boolean {
  const parts = keys.split('+');
  const key = parts.pop()!;
  const mods = new Set(parts);
  const wantMod = mods.has('Mod');
  if (wantMod !== (event.ctrlKey || event.metaKey)) return false;
  if (!wantMod && (event.ctrlKey || event.metaKey)) return false;
  if (mods.has('Alt') !== event.altKey) return false;
  const expected = KEY_NAMES[key] ?? key;
  const printable = expected.length === 1;
  // For printable keys the produced character already reflects Shift (`?`, `P`); compare case-insensitively
  // for letters and ignore Shift unless it is asked for explicitly.
  if (!printable || mods.has('Shift')) {
    if (mods.has('Shift') !== event.shiftKey) return false;
  }
  if (printable) return event.key.toLowerCase() === expected.toLowerCase();
  return event.key === expected;
}

/** The shortcut an event triggers, if any. */
export function shortcutFor(
  event: KeyLike,
  defs: readonly ShortcutDef[] = SHORTCUTS,
): ShortcutDef | undefined {
  // Longer combinations first, so Shift+ArrowLeft wins over ArrowLeft.
  const sorted = [...defs].sort((a, b) => b.keys.split('+').length - a.keys.split('+').length);
  return sorted.find((def) => matchesKeys(event, def.keys));
}

/** True for shortcuts that still apply while typing (they use a modifier). */
export function worksWhileTyping(def: ShortcutDef): boolean {
  return def.keys.startsWith('Mod+');
}

/** Whether keyboard focus is somewhere the user types (inputs, selects, the code editor). */
export function isTypingTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const el = target as { tagName?: string; isContentEditable?: boolean; closest?: (s: string) => unknown };
  const tag = (el.tagName ?? '').toUpperCase();
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (el.isContentEditable) return true;
  return typeof el.closest === 'function' && el.closest('.cm-editor') !== null;
}

/** How a combination is shown: `Ctrl+Enter` / `⌘+Enter`, `←`, `Space`. */
export function displayKeys(keys: string, mac: boolean): string {
  return keys
    .split('+')
    .map((part) => {
      if (part === 'Mod') return mac ? '⌘' : 'Ctrl';
      if (part === 'ArrowLeft') return '←';
      if (part === 'ArrowRight') return '→';
      if (part.length === 1) return part.toUpperCase() === part ? part : part.toUpperCase();
      return part;
    })
    .join(' + ');
}
