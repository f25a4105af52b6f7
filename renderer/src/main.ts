// Renderer entry: connect to whichever host serves the page (Electron preload or browser-mode web host), then
// mount the app. zod's setup comes first because the contract parses its defaults on import.
import './setup/zod.js';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { connectLab } from './api/index.js';
import type { EventSocketConstructor } from '../../electron/web/client.js';
import './styles/tokens.css';
import './styles/base.css';

connectLab({
  global: window as unknown as Record<string, unknown>,
  location: window.location,
  document,
  history: window.history,
  fetch: window.fetch.bind(window),
  WebSocket: window.WebSocket as unknown as EventSocketConstructor,
});

createApp(App).use(createPinia()).mount('#app');
