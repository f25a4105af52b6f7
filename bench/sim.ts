/**
 * Simulation benchmark (issues 3 and 16): a generated network of 1,000 accounts (a fifth with a
 * linked laptop) and 100 groups exchanging N messages — each person writes to one of their 10
 * contacts — with full cryptography, client fan-out, server fan-out, receipts, the ledger and the
 * journal. For each N it first runs the crypto-only ceiling of the very same sends (sim-ceiling.ts:
 * the Double Ratchet / Sender Key work and nothing else), then the full simulation, and prints both
 * rates, their ratio (wall and CPU), peak RSS and the wall-time growth from the first N to the last,
 * and how the GC pauses split between the full run's turns and the ceiling's.
 * Asserts nothing about time; the machine may be shared, so compare the ratios within one run.
 * Usage: `npm run bench:sim [-- --sizes 10000,100000 --accounts 1000 --crypto fastest|sodium|node
 * --crypto-time]` (fastest: libsodium where sodium-native loads, else node:crypto; --crypto-time
 * also reports the time the full run spends in the crypto provider, see timed-provider.ts).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  HOST_PROVIDER_NAMES,
  type HostProviderName,
  createHostCryptoProvider,
} from '../simulator/crypto/host-provider.js';
import { ChatServer } from '../simulator/parties/chat-server.js';
import { User } from '../simulator/parties/user.js';
import { linkCompanionDevice } from '../simulator/parties/client/link-companion.js';
import { World } from '../simulator/world/world.js';
import { CryptoCeiling } from './sim-ceiling.js';
import { type PlanOptions, type Plan, hasCompanion, makePlan, numberOf, textOf } from './sim-plan.js';
import { type CryptoTimes, timedProvider } from './timed-provider.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    accounts: { type: 'string', default: '1000' },
    groups: { type: 'string', default: '100' },
    'group-size': { type: 'string', default: '8' },
    'group-share': { type: 'string', default: '0.2' },
    contacts: { type: 'string', default: '10' },
    crypto: { type: 'string', default: 'fastest' },
    'crypto-time': { type: 'boolean', default: false },
    /** Only the full simulation (for profiling it alone). */
    'skip-ceiling': { type: 'boolean', default: false },
    /** Also print the journal's events per message by type (what the full run does per send). */
    counts: { type: 'boolean', default: false },
  },
});

interface Figures {
  messages: number;
  seconds: number;
  /** CPU time of this process (user + system): less sensitive than wall time to other load. */
  cpuSeconds: number;
  events: number;
  observations: number;
  peakRssMb: number;
  delivered: number;
  /** Envelopes the server still holds at the end (delivered ones are deleted, issue 15 §4). */
  queued: number;
  /**
   * Time the garbage collector paused the run (all kinds), from the `gc` performance entries —
   * which arrive only once the event loop turns, hence the pauses around each run.
   */
  gcSeconds: number;
  /** performance.now() spans of the full run's turns and the ceiling's (for the GC split). */
  phaseSpans: { full: [number, number][]; ceiling: [number, number][] };
  /** GC pause time that fell inside the full run's turns and inside the ceiling's (gcSecondsWithin). */
  gcSplit?: { full: number; ceiling: number };
  /** The crypto-only ceiling of the same plan (sim-ceiling.ts), measured just before. */
  ceiling?: { seconds: number; cpuSeconds: number; decryptions: number };
  /** Wall time inside the crypto provider (with --crypto-time), and its calls per primitive. */
  crypto?: {
    seconds: number;
    perPrimitive: Map<string, { calls: number; ms: number }>;
    /** µs per call of sampled calls replayed alone after the run (timed-provider.ts). */
    isolated: Map<string, number>;
  };
}

let gcMilliseconds = 0;
/** Every GC pause as [start, duration] in performance.now() ms, to attribute it to the phase it fell in. */
const gcPauses: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMilliseconds += entry.duration;
    gcPauses.push([entry.startTime, entry.duration]);
  }
}).observe({ entryTypes: ['gc'] });

/** GC pause time (s) that started inside any of `spans` ([start, end] in performance.now() ms). */
function gcSecondsWithin(spans: readonly [number, number][]): number {
  let ms = 0;
  for (const [start, duration] of gcPauses)
    if (spans.some(([from, to]) => start >= from && start < to)) ms += duration;
  return ms / 1000;
}

/** Sends per turn of the full run and the ceiling. */
const CHUNK = 500;

function runOnce(plan: Plan, ceiling: CryptoCeiling | undefined): Figures {
  const messages = plan.sender.length;
  const { accounts } = plan.options;
  let peakRss = process.memoryUsage().rss;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

  const world = new World({ seed: 42, crypto, journalMode: 'summary' });
  const server = world.add(new ChatServer(world, 'server'));
  const users: User[] = [];
  for (let i = 0; i < accounts; i++) {
    const number = numberOf(i);
    const user = world.add(
      new User(world, `u${i}`, number, { securityNotifications: false, readReceipts: true, online: true }),
    );
    const phone = user.installDevice({ server, account: user.id, number, deviceId: 1, label: `u${i}-phone` });
    server.registerPrimary(number, user.id, {
      keys: phone.keyUpload(),
      transportKey: phone.transportKey.publicKey,
      holder: user.id,
      label: phone.label,
    });
    phone.connect();
    users.push(user);
  }
  world.loop.runUntil(world.now + 5_000);
  for (let i = 0; i < accounts; i++)
    if (hasCompanion(plan.options, i)) linkCompanionDevice(server, users[i]!, users[i]!, `u${i}-laptop`);
  world.loop.runUntil(world.now + 10_000);
  plan.groupMembers.forEach((members, g) =>
    server.setGroup(
      `g${g}`,
      members.map((i) => numberOf(i)),
      'created',
    ),
  );
  world.loop.runUntil(world.now + 5_000);
  const eventsBefore = world.loop.executed;
  const observationsBefore = world.ledger.observationCount;
  const countsBefore = world.journal.countsByType();
  // The two runs take turns every CHUNK sends, so load from other processes falls on both alike.
  type Phase = { seconds: number; cpuSeconds: number; spans: [number, number][] };
  const ceilingTime: Phase = { seconds: 0, cpuSeconds: 0, spans: [] };
  const timed = (into: Phase, work: () => void) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    work();
    const used = process.cpuUsage(cpu);
    const ended = performance.now();
    into.spans.push([started, ended]);
    into.seconds += (ended - started) / 1000;
    into.cpuSeconds += (used.user + used.system) / 1e6;
  };
  const full: Phase = { seconds: 0, cpuSeconds: 0, spans: [] };
  times?.reset();
  const spacing = 20; // ms of virtual time between sends
  for (let from = 0; from < messages; from += CHUNK) {
    const to = Math.min(messages, from + CHUNK);
    if (ceiling) timed(ceilingTime, () => ceiling.run(from, to));
    timed(full, () => {
      for (let m = from; m < to; m++) {
        const sender = users[plan.sender[m]!]!.phone!;
        const target = plan.target[m]!;
        if (target < 0) sender.sendGroupText(`m${m}`, `g${-1 - target}`, textOf(plan, m));
        else sender.sendText(`m${m}`, numberOf(target), textOf(plan, m));
        world.loop.runUntil(world.now + spacing);
      }
      if (to === messages) world.loop.runUntil(world.now + 10_000);
    });
    sample();
  }
  const { seconds, cpuSeconds } = full;
  sample();
  if (values.counts) {
    const after = world.journal.countsByType();
    console.log(`journal events per message at N=${messages} (during the sends):`);
    for (const [type, count] of Object.entries(after).sort((a, b) => b[1] - a[1])) {
      const per = (count - (countsBefore[type] ?? 0)) / messages;
      if (per >= 0.01) console.log(`  ${type.padEnd(28)} ${per.toFixed(2)}`);
    }
  }
  let delivered = 0;
  for (const perMessage of world.deliveries.values())
    if ([...perMessage.values()].some((d) => d.deliveredAt !== undefined)) delivered++;
  return {
    messages,
    seconds,
    cpuSeconds,
    ...(ceiling
      ? {
          ceiling: {
            seconds: ceilingTime.seconds,
            cpuSeconds: ceilingTime.cpuSeconds,
            decryptions: ceiling.decrypted,
          },
        }
      : {}),
    phaseSpans: { full: full.spans, ceiling: ceilingTime.spans },
    events: world.loop.executed - eventsBefore,
    observations: world.ledger.observationCount - observationsBefore,
    peakRssMb: peakRss / 2 ** 20,
    delivered,
    queued: server.queuedEnvelopes().length,
    gcSeconds: 0,
    ...(times
      ? {
          crypto: {
            seconds: times.totalMs() / 1000,
            perPrimitive: new Map([...times.totals()].map(([name, entry]) => [name, { ...entry }])),
            isolated: times.isolated(),
          },
        }
      : {}),
  };
}

if (!(HOST_PROVIDER_NAMES as readonly string[]).includes(values.crypto)) {
  throw new Error(`--crypto must be one of ${HOST_PROVIDER_NAMES.join(', ')}`);
}
const hostProvider = createHostCryptoProvider(values.crypto as HostProviderName);
const times: CryptoTimes | undefined = values['crypto-time'] ? timedProvider(hostProvider) : undefined;
const crypto = times?.provider ?? hostProvider;
console.log(`crypto provider: ${hostProvider.name}; Node ${process.version}`);
const sizes = values.sizes.split(',').map(Number);
const rows: Figures[] = [];
const planOptions: PlanOptions = {
  accounts: Number(values.accounts),
  companionEvery: 5,
  groups: Number(values.groups),
  groupSize: Number(values['group-size']),
  groupShare: Number(values['group-share']),
  contacts: Number(values.contacts),
};
for (const size of sizes) {
  const plan = makePlan(planOptions, size);
  // The ceiling: the same Signal work for the same sends, with nothing else (sim-ceiling.ts).
  const ceiling = values['skip-ceiling'] ? undefined : new CryptoCeiling(hostProvider, plan);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const gcBefore = gcMilliseconds;
  const figures = runOnce(plan, ceiling);
  await new Promise((resolve) => setTimeout(resolve, 100));
  figures.gcSeconds = (gcMilliseconds - gcBefore) / 1000;
  figures.gcSplit = {
    full: gcSecondsWithin(figures.phaseSpans.full),
    ceiling: gcSecondsWithin(figures.phaseSpans.ceiling),
  };
  rows.push(figures);
  console.log(
    `N=${size}: ${(figures.messages / figures.seconds).toFixed(0)} msg/s${figures.ceiling ? `; crypto alone ${(size / figures.ceiling.seconds).toFixed(0)} msg/s` : ''} …`,
  );
}
const rate = (n: number, s: number) => (n / s).toFixed(0);
console.log(
  '\n| N | full msg/s | crypto-only msg/s | ratio (wall) | ratio (CPU) | full wall s | full CPU s | crypto-only wall s | decryptions | events/s | observations | delivered | server-held | GC pause s | peak RSS MB |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const c = r.ceiling ?? { seconds: NaN, cpuSeconds: NaN, decryptions: 0 };
  console.log(
    `| ${r.messages} | ${rate(r.messages, r.seconds)} | ${rate(r.messages, c.seconds)} | ${(c.seconds / r.seconds).toFixed(2)} | ${(c.cpuSeconds / r.cpuSeconds).toFixed(2)} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ${c.seconds.toFixed(1)} | ${c.decryptions} | ${rate(r.events, r.seconds)} | ${r.observations} | ${r.delivered} | ${r.queued} | ${r.gcSeconds.toFixed(1)} | ${r.peakRssMb.toFixed(0)} |`,
  );
}
if (rows.length >= 2) {
  const [small, large] = [rows[0]!, rows[rows.length - 1]!];
  console.log(
    `\ngrowth: ${large.messages / small.messages}× the messages took ${(large.seconds / small.seconds).toFixed(1)}× the wall time (crypto alone: ${(large.ceiling!.seconds / small.ceiling!.seconds).toFixed(1)}×)`,
  );
  console.log(
    `targets at N=${large.messages}: ratio ≥ 0.8 → ${(large.ceiling!.seconds / large.seconds).toFixed(2)}; peak RSS ≤ 1536 MB → ${large.peakRssMb.toFixed(0)}; growth ≤ 12× → ${(large.seconds / small.seconds).toFixed(1)}×`,
  );
}
// What the engine adds to the Signal work, per message, in CPU time (less sensitive to other load
// than walls): the figure engine changes move. A ratio of 0.8 needs it at a quarter of the ceiling's.
for (const r of rows) {
  if (r.ceiling === undefined) continue;
  const perMessage = (s: number) => ((s * 1e6) / r.messages).toFixed(0);
  console.log(
    `N=${r.messages}: CPU per message — Signal work alone ${perMessage(r.ceiling.cpuSeconds)} µs, full simulation ${perMessage(r.cpuSeconds)} µs, so the rest of the simulation adds ${perMessage(r.cpuSeconds - r.ceiling.cpuSeconds)} µs (a ratio of 0.8 allows ${perMessage(r.ceiling.cpuSeconds / 4)} µs)`,
  );
  if (r.gcSplit)
    console.log(
      `N=${r.messages}: GC pauses — ${r.gcSplit.full.toFixed(1)} s in the full run's turns (${perMessage(r.gcSplit.full)} µs per message), ${r.gcSplit.ceiling.toFixed(1)} s in the ceiling's (${perMessage(r.gcSplit.ceiling)} µs)`,
    );
}
const timed = rows.filter((r) => r.crypto !== undefined);
if (timed.length > 0) {
  console.log(
    '\n| N | crypto s | share of wall | µs per message | ceiling if only crypto took time (msg/s) |',
  );
  console.log('|---|---|---|---|---|');
  for (const r of timed) {
    const { seconds } = r.crypto!;
    console.log(
      `| ${r.messages} | ${seconds.toFixed(1)} | ${((seconds / r.seconds) * 100).toFixed(0)} % | ${((seconds * 1e6) / r.messages).toFixed(0)} | ${(r.messages / seconds).toFixed(0)} |`,
    );
  }
  const last = timed[timed.length - 1]!;
  const { perPrimitive, isolated } = last.crypto!;
  console.log(
    `\nper primitive at N=${last.messages}: calls and µs per message; µs per call in the run and alone`,
  );
  let isolatedPerMessage = 0;
  for (const [name, entry] of [...perPrimitive].sort((a, b) => b[1].ms - a[1].ms)) {
    if (entry.calls === 0) continue;
    const alone = isolated.get(name);
    if (alone !== undefined) isolatedPerMessage += (alone * entry.calls) / last.messages;
    console.log(
      `  ${name.padEnd(26)} ${(entry.calls / last.messages).toFixed(2).padStart(6)} calls  ${((entry.ms * 1000) / last.messages).toFixed(1).padStart(7)} µs  ${((entry.ms * 1000) / entry.calls).toFixed(2).padStart(7)} µs/call  ${alone === undefined ? '      –' : alone.toFixed(2).padStart(7)} µs/call alone`,
    );
  }
  console.log(
    `\nthe same calls at their speed alone: ${isolatedPerMessage.toFixed(0)} µs per message — a ceiling of ${(1e6 / isolatedPerMessage).toFixed(0)} msg/s if nothing else took time (signature checks replay through the verification memo: a lower bound on the cost, so an upper bound on the ceiling)`,
  );
}
