// The editor's buffer lives here, not in the view, so it survives navigating away and back, and the desktop
// menu's "Open scenario…" can fill it. Validation results come from the service's validateScenario call.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CallValue } from '../../../electron/contract.js';

export type Validation = CallValue<'validateScenario'>;

export const NEW_SCENARIO_TEMPLATE = `sightline: 1
id: my-scenario
title: My scenario
summary: What the room should notice, and what to ask them.
tags: [training]
parties:
  - { id: alice, kind: user }
  - { id: bob, kind: user }
  - { id: server, kind: chat-server }
  - { id: isp, kind: network-observer }
steps:
  - send: { id: m1, from: alice, to: bob, text: "hello" }
    note: Alice sends Bob a message. Who can read it?
expectations:
  - never-sees-content: { party: server }
  - sees-content: { party: bob, messages: [m1] }
`;

export const useEditor = defineStore('editor', () => {
  const text = ref(NEW_SCENARIO_TEMPLATE);
  /** The library scenario the buffer came from, if any. */
  const sourceId = ref<string | null>(null);
  /** Where the text came from, for the title bar: a library id, a file name, or "new". */
  const origin = ref<string>('New scenario');
  /** Text as last loaded or saved, to tell whether there are unsaved changes. */
  const savedText = ref(NEW_SCENARIO_TEMPLATE);
  const validation = ref<Validation | null>(null);
  const validating = ref(false);

  const dirty = computed(() => text.value !== savedText.value);

  function load(next: string, options: { sourceId: string | null; origin: string }): void {
    text.value = next;
    savedText.value = next;
    sourceId.value = options.sourceId;
    origin.value = options.origin;
    validation.value = null;
  }

  function markSaved(id: string): void {
    savedText.value = text.value;
    sourceId.value = id;
    origin.value = id;
  }

  return { text, sourceId, origin, savedText, validation, validating, dirty, load, markSaved };
});
