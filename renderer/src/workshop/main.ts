// Entry of the workshop page (renderer/workshop.html), served by the workshop server (electron/workshop/server.ts)
// to the presenter and the participants. No lab connection: the page talks only to the workshop socket.
import '../setup/zod.js';
import { createApp } from 'vue';
import WorkshopApp from './WorkshopApp.vue';
import '../styles/tokens.css';
import '../styles/base.css';
import '../styles/levels.css';

createApp(WorkshopApp).mount('#app');
