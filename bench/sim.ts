/**
 * Simulation benchmark (issue 3): a generated network of 1,000 accounts (a fifth with a linked
 * device) and 100 groups exchanging N messages — each person writes to one of their 10 contacts — with full cryptography, client fan-out, server
 * fan-out and the ledger. Prints simulated messages/s, events/s and peak memory for each N.
 * Asserts nothing about time. Usage: `npm run bench:sim [-- --sizes 10000,100000 --accounts 1000
 * --crypto fastest|sodium|node --crypto-time]` (fastest: libsodium where sodium-native loads, else
 * node:crypto; --crypto-time also reports the time spent in the cryptography, see timed-provider.ts).
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
  /**
   * Time the garbage collector paused the run (all kinds), from the `gc` performance entries —
   * which arrive only once the event loop turns, hence the pauses around each run.
   */
  gcSeconds: number;
  /** Wall time inside the crypto provider (with --crypto-time), and its calls per primitive. */
  crypto?: {
    seconds: number;
    perPrimitive: Map<string, { calls: number; ms: number }>;
    /** µs per call of sampled calls replayed alone after the run (timed-provider.ts). */
    isolated: Map<string, number>;
  };
}

let gcMilliseconds = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMilliseconds += entry.duration;
}).observe({ entryTypes: ['gc'] });

function runOnce(messages: number): Figures {
  const accounts = Number(values.accounts);
  const groupCount = Number(values.groups);
  const groupSize = Number(values['group-size']);
  const groupShare = Number(values['group-share']);
  let peakRss = process.memoryUsage().rss;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

  const world = new World({ seed: 42, crypto, journalMode: 'summary' });
  const server = world.add(new ChatServer(world, 'server'));
  const users: User[] = [];
  for (let i = 0; i < accounts; i++) {
    const number = `+1 555 ${String(i).padStart(6, '0')}`;
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
  for (let i = 0; i < accounts; i += 5) linkCompanionDevice(server, users[i]!, users[i]!, `u${i}-laptop`);
  world.loop.runUntil(world.now + 10_000);
  const random = world.random.fork('bench');
  for (let g = 0; g < groupCount; g++) {
    const members = new Set<string>();
    while (members.size < groupSize) members.add(random.pick(users).number);
    server.setGroup(`g${g}`, [...members], 'created');
  }
  world.loop.runUntil(world.now + 5_000);
  const byNumber = new Map(users.map((u) => [u.number, u]));
  // A social graph: people message their contacts, so sessions are reused as in real use.
  const contactCount = Number(values.contacts);
  const contacts = users.map((u) => {
    const list = new Set<User>();
    while (list.size < contactCount) {
      const other = random.pick(users);
      if (other !== u) list.add(other);
    }
    return [...list];
  });
  const eventsBefore = world.loop.executed;
  const observationsBefore = world.ledger.observations().length;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  times?.reset();
  const spacing = 20; // ms of virtual time between sends
  for (let m = 0; m < messages; m++) {
    if (random.float() < groupShare) {
      const group = `g${random.int(0, groupCount)}`;
      const members = [...server.groups.get(group)!.members];
      const senderNumber = members[random.int(0, members.length)];
      const sender = byNumber.get(senderNumber!)!;
      sender.phone!.sendGroupText(`m${m}`, group, `group message ${m}`);
    } else {
      const index = random.int(0, users.length);
      const a = users[index]!;
      const b = random.pick(contacts[index]!);
      a.phone!.sendText(`m${m}`, b.number, `message ${m} from ${a.id}`);
    }
    world.loop.runUntil(world.now + spacing);
    if (m % 2000 === 0) sample();
  }
  world.loop.runUntil(world.now + 10_000);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  sample();
  let delivered = 0;
  for (const perMessage of world.deliveries.values())
    if ([...perMessage.values()].some((d) => d.deliveredAt !== undefined)) delivered++;
  return {
    messages,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    events: world.loop.executed - eventsBefore,
    observations: world.ledger.observations().length - observationsBefore,
    peakRssMb: peakRss / 2 ** 20,
    delivered,
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
for (const size of sizes) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  const gcBefore = gcMilliseconds;
  const figures = runOnce(size);
  await new Promise((resolve) => setTimeout(resolve, 100));
  figures.gcSeconds = (gcMilliseconds - gcBefore) / 1000;
  rows.push(figures);
  console.log(`N=${size}: ${(figures.messages / figures.seconds).toFixed(0)} msg/s …`);
}
console.log(
  '\n| N | wall s | CPU s | messages/s (wall) | messages/s (CPU) | events/s | observations | delivered | GC pause s | peak RSS MB |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.messages} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} | ${(r.messages / r.seconds).toFixed(0)} | ${(r.messages / r.cpuSeconds).toFixed(0)} | ${(r.events / r.seconds).toFixed(0)} | ${r.observations} | ${r.delivered} | ${r.gcSeconds.toFixed(1)} | ${r.peakRssMb.toFixed(0)} |`,
  );
}
if (rows.length >= 2) {
  const [small, large] = [rows[0]!, rows[rows.length - 1]!];
  console.log(
    `\nscaling: ${large.messages / small.messages}× the messages took ${(large.seconds / small.seconds).toFixed(1)}× the time`,
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
