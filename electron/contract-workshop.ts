// The contract calls of the live workshop (issue 14): the scenario page's "Start workshop" button starts a room
// for the selected scenario and variant on the workshop server (electron/workshop/), loopback unless the trainer
// ticks the LAN toggle, and shows the presenter link, join address, code and QR code. Spread into `calls` in
// contract.ts, so both hosts (Electron IPC and browser mode) serve them through the same dispatcher.
import { z } from 'zod';

const scenarioId = z.string().min(1).max(200);
const variantId = z.string().min(1).max(100);

export const workshopInfoSchema = z.object({
  code: z.string(),
  title: z.string(),
  scenarioId: z.string(),
  variant: z.string(),
  /** The presenter's page, with the host token in its fragment: open it on the projected screen only. */
  presenterUrl: z.string(),
  /** Where participants go; they type the code. */
  joinUrl: z.string(),
  /** The join address with the code in its fragment, which the QR code encodes. */
  qrUrl: z.string(),
  /** The QR code of qrUrl as SVG (uqr). */
  qrSvg: z.string(),
  lan: z.boolean(),
  /** True when an open room for this scenario and variant was picked up again (same code, same participants). */
  resumed: z.boolean(),
  participants: z.number().int().min(0),
});
export type WorkshopInfo = z.infer<typeof workshopInfoSchema>;

export const workshopCalls = {
  /**
   * Start (or pick up) the workshop room of a library scenario variant. `lan: true` binds to every interface —
   * anyone on that network who has the code can join — and must be asked for explicitly.
   */
  startWorkshop: {
    args: z.strictObject({
      id: scenarioId,
      variant: variantId.default('base'),
      lan: z.boolean().default(false),
      /** A new room even if one is open for this scenario and variant. */
      fresh: z.boolean().default(false),
    }),
    result: workshopInfoSchema,
  },
  /** Stop the workshop server of a room; the room stays in the database and can be resumed. */
  stopWorkshop: {
    args: z.strictObject({ code: z.string().min(1).max(12) }),
    result: z.object({ stopped: z.boolean() }),
  },
  /** The workshops running now (to show them again after the page reloads). */
  listWorkshops: { args: z.strictObject({}), result: z.array(workshopInfoSchema) },
} as const;
