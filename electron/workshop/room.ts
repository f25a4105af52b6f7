// One workshop room: the run it walks through, the presenter's cursor, participants and their parties, prompts
// and answers. No sockets here (server.ts owns those): every method takes a request and returns what to send,
// and every change is written through to SQLite (WorkshopStore) so a restarted presenter resumes the room.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { StoredRoom, WorkshopStore } from '../storage/workshop-store.js';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  MAX_PARTICIPANTS,
  participantNameSchema,
  type CursorState,
  type HostCommand,
  type HostPrompt,
  type HostState,
  type ParticipantPrompt,
  type PromptKind,
  type WorkshopErrorCode,
} from './protocol.js';
import { planPrompt, PromptUnavailable, type PromptPlan } from './prompts.js';
import { lastPosition, timeAt, type WorkshopRun } from './run-data.js';
import { partySlice } from './slice.js';

export interface Participant {
  id: string;
  name: string;
  party: string;
  tokenHash: string;
  joinedAt: number;
}

interface PromptState {
  id: string;
  kind: PromptKind;
  position: number;
  open: boolean;
  answers: Record<string, string>;
}

/** What is persisted as the room's state JSON. */
interface PersistedState {
  position: number;
  revealed: boolean;
  allowedParties: string[];
  assignment: 'round-robin' | 'choice';
  prompts: PromptState[];
  promptSeq: number;
}

export class RoomError extends Error {
  constructor(
    readonly code: WorkshopErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type JoinOutcome =
  { kind: 'joined'; participant: Participant; token: string } | { kind: 'choose'; parties: string[] };

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A fresh room code from the look-alike-free alphabet (uniform: randomInt has no modulo bias). */
export function newRoomCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface RoomOptions {
  run: WorkshopRun;
  store: WorkshopStore;
  scenarioFile: string;
  scenarioText: string;
  now?: () => number;
}

export class Room {
  readonly run: WorkshopRun;
  readonly code: string;
  readonly hostToken: string;
  private readonly store: WorkshopStore;
  private readonly now: () => number;
  private state: PersistedState;
  private readonly participants = new Map<string, Participant>();
  private readonly byTokenHash = new Map<string, Participant>();
  private readonly plans = new Map<string, PromptPlan>();
  private readonly sliceCache = new Map<string, string>();
  playing = false;

  private constructor(run: WorkshopRun, store: WorkshopStore, stored: StoredRoom, now: () => number) {
    this.run = run;
    this.store = store;
    this.now = now;
    this.code = stored.code;
    this.hostToken = stored.hostToken;
    this.state = JSON.parse(stored.state) as PersistedState;
    for (const p of store.participants(stored.code)) this.remember({ ...p });
    for (const prompt of this.state.prompts)
      this.plans.set(prompt.id, planPrompt(run, prompt.kind, prompt.position));
  }

  /** A new room for `run`, with a fresh code and host token. */
  static create(options: RoomOptions): Room {
    const now = options.now ?? Date.now;
    let code = newRoomCode();
    while (options.store.codeInUse(code)) code = newRoomCode();
    const observers = new Set(options.run.ledger.observations.map((o) => o.party));
    const state: PersistedState = {
      position: 0,
      revealed: false,
      allowedParties: options.run.parties.filter((p) => observers.has(p.id)).map((p) => p.id),
      assignment: 'round-robin',
      prompts: [],
      promptSeq: 0,
    };
    const t = now();
    const stored: StoredRoom = {
      code,
      hostToken: newToken(),
      scenarioId: options.run.scenarioId,
      scenarioFile: options.scenarioFile,
      scenarioText: options.scenarioText,
      variant: options.run.variant,
      seed: options.run.seed,
      journalHash: options.run.journalHash,
      state: JSON.stringify(state),
      createdAt: t,
      updatedAt: t,
      closedAt: null,
    };
    options.store.createRoom(stored);
    return new Room(options.run, options.store, stored, now);
  }

  /**
   * The persisted room, walking `run` again. @throws Error when the run differs from the one the room was
   * created with (another engine version): resuming would show participants a different story.
   */
  static resume(
    stored: StoredRoom,
    run: WorkshopRun,
    store: WorkshopStore,
    now: () => number = Date.now,
  ): Room {
    if (stored.journalHash !== run.journalHash) {
      throw new Error(
        `Room ${stored.code} was created from a different run of ${stored.scenarioId} (journal ${stored.journalHash.slice(0, 12)}…, ` +
          `now ${run.journalHash.slice(0, 12)}…); start a new room with --new.`,
      );
    }
    return new Room(run, store, stored, now);
  }

  private remember(p: Participant): void {
    this.participants.set(p.id, p);
    this.byTokenHash.set(p.tokenHash, p);
  }

  private persist(): void {
    this.store.saveState(this.code, JSON.stringify(this.state), this.now());
  }

  get position(): number {
    return this.state.position;
  }

  get revealed(): boolean {
    return this.state.revealed;
  }

  participantCount(): number {
    return this.participants.size;
  }

  participantList(): Participant[] {
    return [...this.participants.values()];
  }

  isHost(token: string): boolean {
    const a = createHash('sha256').update(this.hostToken).digest();
    const b = createHash('sha256').update(token).digest();
    return timingSafeEqual(a, b);
  }

  /** The participant holding `token`, or null. */
  participantByToken(token: string): Participant | null {
    return this.byTokenHash.get(sha256(token)) ?? null;
  }

  /** Join with a name (the code was checked by the server). @throws RoomError with a sentence for the user. */
  join(rawName: string, party?: string): JoinOutcome {
    const name = participantNameSchema.safeParse(rawName);
    if (!name.success)
      throw new RoomError('bad-message', `Your name ${name.error.issues[0]?.message ?? 'is not valid'}.`);
    if (this.participants.size >= MAX_PARTICIPANTS) {
      throw new RoomError(
        'room-full',
        `This room is full (${MAX_PARTICIPANTS} participants); ask the presenter to open another.`,
      );
    }
    const allowed = this.state.allowedParties;
    if (allowed.length === 0)
      throw new RoomError('not-allowed-now', 'The presenter has not opened any party to join yet.');
    let chosen: string;
    if (this.state.assignment === 'choice') {
      if (party === undefined) return { kind: 'choose', parties: [...allowed] };
      if (!allowed.includes(party))
        throw new RoomError(
          'forbidden',
          `You cannot join as "${party.slice(0, 40)}"; pick one of ${allowed.join(', ')}.`,
        );
      chosen = party;
    } else {
      // Round-robin that stays balanced: the allowed party with the fewest participants, in the presenter's order.
      const counts = new Map(allowed.map((p) => [p, 0]));
      for (const p of this.participants.values())
        if (counts.has(p.party)) counts.set(p.party, counts.get(p.party)! + 1);
      chosen = allowed.reduce((best, p) => (counts.get(p)! < counts.get(best)! ? p : best), allowed[0]!);
    }
    const token = newToken();
    const participant: Participant = {
      id: `p${this.participants.size + 1}-${randomBytes(3).toString('hex')}`,
      name: name.data,
      party: chosen,
      tokenHash: sha256(token),
      joinedAt: this.now(),
    };
    this.store.addParticipant(this.code, participant);
    this.remember(participant);
    return { kind: 'joined', participant, token };
  }

  /** A participant's answer to the open prompt. @throws RoomError when there is no such open prompt or option. */
  answer(participantId: string, promptId: string, choice: string): void {
    const prompt = this.state.prompts.find((p) => p.id === promptId);
    if (!prompt || !prompt.open)
      throw new RoomError('not-allowed-now', 'That question is closed; wait for the next one.');
    const plan = this.plans.get(prompt.id)!;
    if (!plan.options.some((o) => o.id === choice))
      throw new RoomError('bad-message', 'That is not one of the answers.');
    prompt.answers[participantId] = choice;
    this.persist();
  }

  /** Apply a presenter command. @throws RoomError (e.g. a prompt that cannot be asked at this step). */
  command(cmd: HostCommand): void {
    const last = lastPosition(this.run);
    switch (cmd.type) {
      case 'goto':
        this.state.position = Math.min(last, cmd.position);
        break;
      case 'next':
        this.state.position = Math.min(last, this.state.position + 1);
        break;
      case 'prev':
        this.state.position = Math.max(0, this.state.position - 1);
        break;
      case 'play':
        this.playing = this.state.position < last;
        return;
      case 'pause':
        this.playing = false;
        return;
      case 'reveal':
        this.state.revealed = cmd.on;
        break;
      case 'ask': {
        let plan: PromptPlan;
        try {
          plan = planPrompt(this.run, cmd.kind, this.state.position);
        } catch (error) {
          if (error instanceof PromptUnavailable) throw new RoomError('not-allowed-now', error.message);
          throw error;
        }
        for (const p of this.state.prompts) p.open = false;
        const id = `q${++this.state.promptSeq}`;
        this.plans.set(id, plan);
        this.state.prompts.push({
          id,
          kind: cmd.kind,
          position: this.state.position,
          open: true,
          answers: {},
        });
        break;
      }
      case 'close-prompt':
        for (const p of this.state.prompts) p.open = false;
        break;
      case 'set-parties': {
        const known = new Set(this.run.parties.map((p) => p.id));
        const unknown = cmd.parties.filter((p) => !known.has(p));
        if (unknown.length > 0)
          throw new RoomError('bad-message', `No party named ${unknown.join(', ')} in this scenario.`);
        this.state.allowedParties = [...new Set(cmd.parties)];
        this.state.assignment = cmd.assignment;
        break;
      }
    }
    if (this.state.position >= last) this.playing = false;
    this.persist();
  }

  /** Advance one step while playing; false once at the end. */
  tick(): boolean {
    if (!this.playing) return false;
    this.command({ type: 'next' });
    return this.playing;
  }

  cursor(): CursorState {
    const position = this.state.position;
    const done = position > 0 ? this.run.steps[position - 1] : undefined;
    return {
      position,
      steps: this.run.steps.length,
      t: timeAt(this.run, position),
      playing: this.playing,
      step: done
        ? {
            index: done.index,
            action: done.action,
            label: `Step ${done.index + 1} of ${this.run.steps.length}: ${done.action}`,
          }
        : null,
    };
  }

  /** The slice of `party` at the cursor as JSON, computed once per (party, position). */
  sliceJson(party: string): string {
    const key = `${party}\u0000${this.state.position}`;
    let json = this.sliceCache.get(key);
    if (json === undefined) {
      json = JSON.stringify(partySlice(this.run, party, this.state.position));
      if (this.sliceCache.size > 2000) this.sliceCache.clear();
      this.sliceCache.set(key, json);
    }
    return json;
  }

  private currentPrompt(): PromptState | null {
    return this.state.prompts[this.state.prompts.length - 1] ?? null;
  }

  participantPrompt(p: Participant): ParticipantPrompt | null {
    const prompt = this.currentPrompt();
    if (!prompt) return null;
    const plan = this.plans.get(prompt.id)!;
    const answer = prompt.answers[p.id] ?? null;
    const right = plan.right[p.party];
    return {
      id: prompt.id,
      kind: prompt.kind,
      question: plan.question,
      options: plan.options,
      open: prompt.open,
      answer,
      result:
        prompt.open || !right
          ? null
          : {
              correct: answer === null ? null : right.options.includes(answer),
              right: right.options,
              why: right.why,
            },
    };
  }

  /** The whole `view` message for one participant, as JSON (the slice is spliced in from the cache). */
  participantViewJson(p: Participant): string {
    const head = JSON.stringify({
      type: 'view',
      title: this.run.title,
      cursor: this.cursor(),
      prompt: this.participantPrompt(p),
      revealed: this.state.revealed,
    });
    return `${head.slice(0, -1)},"slice":${this.sliceJson(p.party)}}`;
  }

  private hostPrompt(prompt: PromptState): HostPrompt {
    const plan = this.plans.get(prompt.id)!;
    const tally: Record<string, number> = Object.fromEntries(plan.options.map((o) => [o.id, 0]));
    let rightCount = 0;
    for (const [pid, choice] of Object.entries(prompt.answers)) {
      tally[choice] = (tally[choice] ?? 0) + 1;
      const party = this.participants.get(pid)?.party;
      if (party && plan.right[party]?.options.includes(choice)) rightCount++;
    }
    return {
      id: prompt.id,
      kind: prompt.kind,
      step: prompt.position,
      question: plan.question,
      options: plan.options,
      open: prompt.open,
      tally,
      answered: Object.keys(prompt.answers).length,
      rightCount,
      right: plan.right,
    };
  }

  hostState(joinUrl: string, lan: boolean, connected: ReadonlySet<string>): HostState {
    const current = this.currentPrompt();
    return {
      type: 'host-state',
      code: this.code,
      title: this.run.title,
      variant: this.run.variant,
      joinUrl,
      lan,
      cursor: this.cursor(),
      revealed: this.state.revealed,
      parties: this.run.parties.map((p) => ({ id: p.id, kind: p.kind })),
      allowedParties: [...this.state.allowedParties],
      assignment: this.state.assignment,
      participants: this.participantList().map((p) => ({
        id: p.id,
        name: p.name,
        party: p.party,
        connected: connected.has(p.id),
      })),
      prompt: current ? this.hostPrompt(current) : null,
      promptHistory: this.state.prompts.slice(0, -1).map((p) => this.hostPrompt(p)),
    };
  }

  close(): void {
    this.playing = false;
    this.store.closeRoom(this.code, this.now());
  }
}
