// The workshop wire protocol: every message a presenter or participant may send over the workshop WebSocket and
// every message the server answers with, as zod schemas, plus the room limits. Shared by the server
// (electron/workshop/server.ts) and the workshop page (renderer/src/workshop/). No Node or DOM imports.
//
// Roles are decided by the server, never by the client: a socket is anonymous until it sends `join` (code + name)
// or `resume` (a participant token) or `host` (the host token). A participant can then only `answer` and `ping`;
// everything else is refused with a clear error. There is no message that reaches the lab service.
import { z } from 'zod';

/** Most participants one room accepts (issue 14). */
export const MAX_PARTICIPANTS = 100;
/** Largest message a participant may send, in bytes (a join with a long name fits many times over). */
export const PARTICIPANT_MESSAGE_MAX_BYTES = 2048;
/** Largest message the presenter may send, in bytes. */
export const HOST_MESSAGE_MAX_BYTES = 16 * 1024;
/** Hard cap the WebSocket layer enforces before any parsing (it closes the connection with 1009). */
export const SOCKET_PAYLOAD_MAX_BYTES = 64 * 1024;
/** Per connection: a burst of this many messages, refilled at RATE_PER_SECOND. */
export const RATE_BURST = 20;
export const RATE_PER_SECOND = 5;
/** Refused messages after which a flooding connection is closed. */
export const RATE_STRIKES_BEFORE_CLOSE = 40;
/** Wrong room codes from one address within LOCKOUT_WINDOW_MS before that address is locked out. */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 10 * 60_000;
export const LOCKOUT_MS = 10 * 60_000;
/** Room codes: 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;
export const NAME_MAX = 40;
/** WebSocket path on the workshop server. */
export const WORKSHOP_SOCKET_PATH = '/ws';

export const roomCodeSchema = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`), 'is not a room code'));
const nameSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'is empty').max(NAME_MAX, `is longer than ${NAME_MAX} characters`));
const tokenSchema = z.string().min(16).max(200);
const partyIdSchema = z.string().min(1).max(100);

export const PROMPT_KINDS = ['can-read-next', 'who-learns-graph'] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];

/** What any socket may send before it has a role. */
export const joinMessage = z.strictObject({
  type: z.literal('join'),
  code: z.string().max(40),
  name: z.string().max(200),
  /** The party asked for, when the presenter lets participants choose. */
  party: partyIdSchema.optional(),
});
export const resumeMessage = z.strictObject({ type: z.literal('resume'), token: tokenSchema });
export const hostMessage = z.strictObject({ type: z.literal('host'), token: tokenSchema });
export const pingMessage = z.strictObject({ type: z.literal('ping') });

/** What a participant may send once joined. */
export const answerMessage = z.strictObject({
  type: z.literal('answer'),
  promptId: z.string().min(1).max(40),
  choice: z.string().min(1).max(100),
});

/** What only the presenter may send. */
export const hostCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('goto'), position: z.number().int().min(0).max(100_000) }),
  z.strictObject({ type: z.literal('next') }),
  z.strictObject({ type: z.literal('prev') }),
  z.strictObject({ type: z.literal('play'), intervalMs: z.number().int().min(500).max(60_000).optional() }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('reveal'), on: z.boolean() }),
  z.strictObject({ type: z.literal('ask'), kind: z.enum(PROMPT_KINDS) }),
  z.strictObject({ type: z.literal('close-prompt') }),
  z.strictObject({
    type: z.literal('set-parties'),
    parties: z.array(partyIdSchema).max(100),
    assignment: z.enum(['round-robin', 'choice']),
  }),
]);
export type HostCommand = z.infer<typeof hostCommand>;

export { nameSchema as participantNameSchema };

/** Error codes the server sends; each comes with a sentence a participant can act on. */
export const WORKSHOP_ERRORS = [
  'bad-message',
  'too-large',
  'rate-limited',
  'locked-out',
  'wrong-code',
  'room-full',
  'unknown-token',
  'forbidden',
  'not-allowed-now',
] as const;
export type WorkshopErrorCode = (typeof WORKSHOP_ERRORS)[number];

export interface WorkshopErrorMessage {
  type: 'error';
  code: WorkshopErrorCode;
  message: string;
}

/** Where the presenter's cursor is: `position` steps done out of `steps` (0 = before the first step). */
export interface CursorState {
  position: number;
  steps: number;
  /** Virtual time the views show, ms. */
  t: number;
  playing: boolean;
  /** The step just done (position − 1), for the caption; null before the first. */
  step: { index: number; action: string; label: string } | null;
}

export interface PromptOption {
  id: string;
  label: string;
}

/** A prompt as a participant sees it: never the other parties' answers, only whether its own was right. */
export interface ParticipantPrompt {
  id: string;
  kind: PromptKind;
  question: string;
  options: PromptOption[];
  open: boolean;
  answer: string | null;
  /** After the prompt closes: the right option(s) and why, from the ledger, for this participant's party. */
  result: { correct: boolean | null; right: string[]; why: string } | null;
}

/** A prompt as the presenter sees it, with the live tally. */
export interface HostPrompt {
  id: string;
  kind: PromptKind;
  step: number;
  question: string;
  options: PromptOption[];
  open: boolean;
  /** Answers per option id. */
  tally: Record<string, number>;
  answered: number;
  rightCount: number;
  /** Per party: the right option(s) and why (derived from the ledger). */
  right: Record<string, { options: string[]; why: string }>;
}

export interface ParticipantInfo {
  id: string;
  name: string;
  party: string;
  connected: boolean;
}

export interface HostState {
  type: 'host-state';
  code: string;
  title: string;
  variant: string;
  joinUrl: string;
  lan: boolean;
  cursor: CursorState;
  revealed: boolean;
  parties: { id: string; kind: string }[];
  allowedParties: string[];
  assignment: 'round-robin' | 'choice';
  participants: ParticipantInfo[];
  prompt: HostPrompt | null;
  promptHistory: HostPrompt[];
}

/** A ledger item as a participant receives it: the label is cut to what its party knows. */
export interface SliceItem {
  id: string;
  kind: string;
  label: string;
  author?: string;
  t?: number;
}

/** One observation of the participant's own party (the ledger's ObservationRecord, passed through). */
export interface SliceObservation {
  seq: number;
  t: number;
  party: string;
  item: string;
  fields: string[];
  how: { kind: string; [key: string]: unknown };
  evidenceDigest?: string;
}

/**
 * Everything a participant receives about the run: its own party's observations up to the cursor, the items
 * those observations name (labels without plaintext it does not hold), the notices its user was shown, and the
 * steps done so far (action only). Built on the server (slice.ts); the browser never filters.
 */
export interface PartySlice {
  party: string;
  kind: string;
  parties: { id: string; kind: string }[];
  t: number;
  endT: number;
  items: SliceItem[];
  observations: SliceObservation[];
  notices: {
    seq: number;
    t: number;
    type: 'notice';
    user: string;
    kind?: string;
    about?: string;
    detail?: string;
  }[];
  steps: { index: number; t: number; seq: number; action: string; path: string }[];
}

export interface ParticipantView {
  type: 'view';
  title: string;
  cursor: CursorState;
  slice: PartySlice;
  prompt: ParticipantPrompt | null;
  revealed: boolean;
}

export interface WelcomeMessage {
  type: 'welcome';
  token: string;
  participant: { id: string; name: string; party: string };
  code: string;
}
