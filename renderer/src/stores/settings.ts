// User settings from the service (theme, presenter mode, report format, default seed), applied to the page: the
// resolved theme goes on <html data-theme>, so the CSS tokens switch in one place.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { DEFAULT_SETTINGS, type Settings } from '../../../electron/contract.js';
import { errorMessage, lab, labAvailable } from '../api/index.js';
import { useToasts } from './toasts.js';

type Patch = Partial<
  Pick<Settings, 'theme' | 'presenterMode' | 'reportFormat' | 'historyLimit' | 'defaultSeed'>
>;

export const useSettings = defineStore('settings', () => {
  const settings = ref<Settings>({ ...DEFAULT_SETTINGS });
  const systemDark = ref(false);
  const loaded = ref(false);

  const theme = computed<'light' | 'dark'>(() =>
    settings.value.theme === 'system' ? (systemDark.value ? 'dark' : 'light') : settings.value.theme,
  );

  function applyTheme(): void {
    if (typeof document === 'undefined') return;
    document.documentElement.dataset.theme = theme.value;
    document.documentElement.style.colorScheme = theme.value;
  }

  function watchSystem(): void {
    if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    systemDark.value = query.matches;
    query.addEventListener?.('change', (e) => {
      systemDark.value = e.matches;
      applyTheme();
    });
  }

  async function load(): Promise<void> {
    watchSystem();
    if (labAvailable()) {
      try {
        settings.value = await lab().getSettings({});
      } catch (error) {
        useToasts().error(`Settings could not be loaded: ${errorMessage(error)}`);
      }
    }
    loaded.value = true;
    applyTheme();
  }

  /** Apply at once, then persist; on failure the service's answer (or the old value) wins. */
  async function update(patch: Patch): Promise<void> {
    const before = settings.value;
    settings.value = { ...settings.value, ...patch };
    applyTheme();
    if (!labAvailable()) return;
    try {
      settings.value = await lab().updateSettings({ patch });
    } catch (error) {
      settings.value = before;
      useToasts().error(`The setting was not saved: ${errorMessage(error)}`);
    }
    applyTheme();
  }

  function toggleTheme(): Promise<void> {
    return update({ theme: theme.value === 'dark' ? 'light' : 'dark' });
  }

  return { settings, theme, loaded, load, update, toggleTheme, applyTheme };
});
