/**
 * The seam through which action modules build the party kinds they own (backup providers, businesses,
 * vendors, agencies). In its own module so build-parties.ts can list the builders while the action
 * modules that define them import only this type — no import cycle between the two.
 */
import type { Party as PartySpec } from '../schema.js';
import type { RunContext } from './context.js';

/** Builds the party `spec` and adds it to `context` when `spec.kind` is its own; returns whether it did. */
export type ExtraPartyBuilder = (spec: PartySpec, context: RunContext) => boolean;
