/**
 * Chat backups and the backup key vault (SCENARIOS.md A13, S18, S19; docs/model.md): making a backup,
 * restoring one, stealing the cloud credentials, guessing the vault password online, and lawful
 * requests for a backup. Who can read a backup follows from what each party holds — the blob, the
 * cloud credentials, the chat operator's account key (released only to an install registered on the
 * number), the 64-digit key, the password — and from the real cryptography in simulator/parties/backup/.
 *
 * Ground truth kept here (never consulted to decide what a party sees): which credentials, written
 * 64-digit keys and passwords each actor holds, and which key protects which backup.
 */
import { BackupProvider } from '../../../parties/backup-provider.js';
import { AccountBackupKeys } from '../../../parties/backup/account-key.js';
import {
  type BackupMessage,
  type BackupMode,
  type BlobMode,
  BackupFormatError,
  encryptedBlob,
  keyToDigits,
  openBlob,
  parseContents,
  plainBlob,
  readBlobHeader,
  serializeContents,
  digitsToKey,
} from '../../../parties/backup/blob.js';
import { CloudClient, type DownloadResult, uploadBackup } from '../../../parties/backup/cloud-client.js';
import { SealError } from '../../../parties/backup/seal.js';
import { runUntilSettled } from '../../../parties/backup/transfer.js';
import { requestKeyFromVault, storeKeyInVault } from '../../../parties/backup/vault-client.js';
import type { Actor } from '../../../parties/actor.js';
import { ChatServer } from '../../../parties/chat-server.js';
import type { ClientDevice } from '../../../parties/client/client-device.js';
import { KeyVault } from '../../../parties/key-vault.js';
import { LawEnforcement } from '../../../parties/law-enforcement.js';
import { type RecoveryMailbox, RegistrationService } from '../../../parties/registration.js';
import type { User } from '../../../parties/user.js';
import type { Field, How } from '../../../ledger/types.js';
import { bytesEqual, toHex } from '../../../crypto/bytes.js';
import type { ExtraPartyBuilder } from '../party-builder.js';
import { type RunContext, RunError } from '../context.js';
import { type ActionHandlers, done, refused } from './types.js';

/**
 * How long a restore step waits for the provider's answer, in virtual ms. Kept below the runner's
 * gap between steps (1 s) so a step never runs the clock past the next step's start.
 */
export const RESTORE_WAIT_MS = 900;

/** The key currently protecting a user's backups. */
interface BackupKey {
  readonly mode: Exclude<BackupMode, 'plain'>;
  readonly key: Uint8Array;
  readonly item: string;
  readonly vault?: string;
  readonly password?: string;
}

interface BackupState {
  /** actor → `provider/owner` → cloud credential the actor holds. */
  readonly credentials: Map<string, Map<string, string>>;
  /** user → the key their phone currently encrypts backups with. */
  readonly keys: Map<string, BackupKey>;
  /** user → the 64-digit key they wrote down (the user keeps it; the vault holds nothing). */
  readonly written: Map<string, string>;
  /** actor → user → backup password the actor knows (the owner's own, or a successful guess). */
  readonly passwords: Map<string, Map<string, string>>;
  /** backup item → key item that protects it. */
  readonly keyOfBackup: Map<string, string>;
  readonly clients: Map<string, CloudClient>;
  readonly counters: Map<string, number>;
  /** chat-server id → the account backup keys it keeps (backups that are not end-to-end encrypted). */
  readonly serverKeys: Map<string, AccountBackupKeys>;
  /** agency → owner → the backup file a warrant on a provider returned. */
  readonly seized: Map<string, Map<string, { provider: string; name: string; blob: Uint8Array }>>;
  /** agency → number → server-held backup key a warrant on the chat server disclosed. */
  readonly disclosedKeys: Map<string, Map<string, Uint8Array>>;
  hooked: boolean;
}

function state(context: RunContext): BackupState {
  let s = context.extensions.get('backups') as BackupState | undefined;
  if (!s) {
    s = {
      credentials: new Map(),
      keys: new Map(),
      written: new Map(),
      passwords: new Map(),
      keyOfBackup: new Map(),
      clients: new Map(),
      counters: new Map(),
      serverKeys: new Map(),
      seized: new Map(),
      disclosedKeys: new Map(),
      hooked: false,
    };
    context.extensions.set('backups', s);
  }
  return s;
}

function next(s: BackupState, label: string): number {
  const n = (s.counters.get(label) ?? 0) + 1;
  s.counters.set(label, n);
  return n;
}

function nested<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
}

/** The account backup keys `server` keeps (created on first use). */
function serverKeys(context: RunContext, server: ChatServer): AccountBackupKeys {
  const s = state(context);
  let keys = s.serverKeys.get(server.id);
  if (!keys) s.serverKeys.set(server.id, (keys = new AccountBackupKeys(server)));
  return keys;
}

/**
 * What the registration service asks of the cloud side. Restore is offered while registering: an
 * install that completes registration on a number gets the number's server-held backup key at once,
 * if the server keeps one ([TC17], [DFC]). And a two-step PIN reset link goes to a recovery mailbox
 * at a cloud provider.
 */
function hookRegistration(context: RunContext): void {
  const s = state(context);
  if (s.hooked) return;
  const registration = [...context.parties.values()].find(
    (p): p is RegistrationService => p instanceof RegistrationService,
  );
  if (!registration) return;
  s.hooked = true;
  registration.onRegistered.push((device, number) => {
    for (const keys of s.serverKeys.values()) if (keys.has(number)) keys.release(device, number);
  });
  registration.recoveryMailbox = (owner, mailbox) => recoveryMailbox(context, owner, mailbox);
}

/**
 * A user's recovery mailbox for two-step verification resets: an account at a cloud provider (Google
 * and Apple accounts serve mail as well as Drive/iCloud) — the named one, else the user's backup
 * provider. Its owner reads it, and so does anyone holding the account's stolen credentials.
 */
function recoveryMailbox(
  context: RunContext,
  ownerId: string,
  mailboxId: string | undefined,
): RecoveryMailbox {
  const { world } = context;
  const owner = context.user(ownerId);
  const provider =
    mailboxId !== undefined
      ? context.party(mailboxId, BackupProvider, 'backup-provider')
      : planFor(context, owner).provider;
  const account = `${provider.id}/${owner.id}`;
  const intruders = (): string[] =>
    [...state(context).credentials]
      .filter(([actor, held]) => actor !== owner.id && held.has(account))
      .map(([actor]) => actor);
  return {
    canRead: (reader) => reader === owner.id || intruders().includes(reader),
    deliver: (item, text) => {
      const fields: Field[] = ['content', 'recipient', 'timestamp'];
      world.log('mail.delivered', { provider: provider.id, owner: owner.id, item });
      world.observe(
        provider.id,
        item,
        fields,
        { kind: 'clear', via: `mail held in ${owner.id}'s mailbox` },
        text,
      );
      world.observe(owner.id, item, fields, { kind: 'clear', via: `email at ${provider.id}` }, text);
      for (const reader of intruders()) {
        world.observe(
          reader,
          item,
          fields,
          {
            kind: 'clear',
            via: `${owner.id}'s mailbox at ${provider.id}, signed in with stolen credentials`,
          },
          text,
        );
      }
    },
  };
}

/** How a server protects backups that are not end-to-end encrypted (its `plain_backup_encryption`). */
function plainProtection(context: RunContext, server: ChatServer): 'server-key' | 'none' {
  const spec = context.specs.get(server.id);
  return spec?.kind === 'chat-server' ? spec.plain_backup_encryption : 'server-key';
}

/** The chat server `number` is registered with (the one that keeps its backup key). */
function serverOf(context: RunContext, number: string): ChatServer {
  const servers = [...context.parties.values()].filter((p): p is ChatServer => p instanceof ChatServer);
  return servers.find((server) => server.account(number) !== undefined) ?? context.server();
}

/**
 * The install `actor` holds that the chat server currently has registered as `number`'s primary (its
 * transport key is the one the registration recorded) — what the vault, reached through the chat
 * service ([BKP]), answers. A phone replaced while offline still believes it is the primary; the
 * server does not.
 */
function registeredInstall(context: RunContext, actor: Actor, number: string): ClientDevice | undefined {
  const device = actor.primaryFor(number);
  const registered = serverOf(context, number).account(number)?.devices.get(1);
  return device && registered && bytesEqual(registered.transportKey, device.transportKey.publicKey)
    ? device
    : undefined;
}

/** Builds `backup-provider` and `key-vault` parties. */
export const buildBackupParty: ExtraPartyBuilder = (spec, context) => {
  if (spec.kind === 'backup-provider') {
    context.add(spec, new BackupProvider(context.world, spec.id));
    hookRegistration(context);
    return true;
  }
  if (spec.kind === 'key-vault') {
    context.add(spec, new KeyVault(context.world, spec.id, spec.max_attempts));
    return true;
  }
  return false;
};

/** A user's backup setup now: their settings, overridden by an enabled `e2ee-backup` defence. */
interface BackupPlan {
  readonly provider: BackupProvider;
  readonly mode: BackupMode;
  readonly password: string | undefined;
  readonly vault: () => KeyVault;
}

function planFor(context: RunContext, user: User): BackupPlan {
  const spec = context.specs.get(user.id);
  const settings = spec?.kind === 'user' ? spec.backup : undefined;
  const defence = context.world.defences.active('e2ee-backup', user.id);
  const mode: BackupMode = defence
    ? defence.mode === 'key'
      ? 'encrypted-key'
      : 'encrypted-password'
    : (settings?.mode ?? 'plain');
  const password = typeof defence?.password === 'string' ? defence.password : settings?.password;
  const provider =
    settings !== undefined
      ? context.party(settings.provider, BackupProvider, 'backup-provider')
      : context.only(BackupProvider, 'backup-provider');
  const vault = (): KeyVault =>
    settings?.vault !== undefined
      ? context.party(settings.vault, KeyVault, 'key-vault')
      : context.only(KeyVault, 'key-vault');
  return { provider, mode, password, vault };
}

function describeMode(mode: BlobMode, holder?: string): string {
  if (mode === 'plain') return 'unencrypted';
  if (mode === 'server-key') return `not end-to-end encrypted, key held by ${holder ?? 'the chat server'}`;
  return mode === 'encrypted-key'
    ? 'end-to-end encrypted, 64-digit key'
    : `end-to-end encrypted, key in ${holder ?? 'the vault'}`;
}

/** The key for a new encrypted backup: the current one if still usable, else a fresh one set up now. */
function backupKeyFor(
  context: RunContext,
  user: User,
  plan: BackupPlan,
  mode: Exclude<BackupMode, 'plain'>,
): BackupKey {
  const s = state(context);
  const { world } = context;
  const current = s.keys.get(user.id);
  const vault = mode === 'encrypted-password' ? plan.vault() : undefined;
  const reusable =
    current !== undefined &&
    current.mode === mode &&
    (mode === 'encrypted-key' ||
      (current.vault === vault!.id && current.password === plan.password && vault!.has(user.number)));
  if (reusable) return current;
  if (mode === 'encrypted-password' && plan.password === undefined)
    throw new RunError(`${user.id}'s encrypted backup needs a password`);
  const n = next(s, `key:${user.id}`);
  const random = world.random.fork(`backup-key:${user.id}:${n}`);
  const key = random.bytes(32);
  const digits = keyToDigits(key);
  const item = `backup-key:${user.id}:${n}`;
  world.registerItem(
    item,
    'key',
    `${user.id}'s backup key #${n} (${mode === 'encrypted-key' ? '64-digit key' : 'behind a password'})`,
    user.id,
    digits,
  );
  world.observe(user.id, item, ['content', 'keys'], { kind: 'authored' }, digits);
  let made: BackupKey;
  if (mode === 'encrypted-password') {
    storeKeyInVault(world, random.fork('opaque-registration'), vault!, {
      account: user.number,
      password: plan.password!,
      backupKey: key,
      keyItem: item,
    });
    nested(s.passwords, user.id).set(user.id, plan.password!);
    made = { mode, key, item, vault: vault!.id, password: plan.password! };
  } else {
    s.written.set(user.id, digits);
    made = { mode, key, item };
  }
  s.keys.set(user.id, made);
  world.log('backup.key-created', { user: user.id, mode, item });
  return made;
}

function credentialOf(
  context: RunContext,
  holder: Actor,
  provider: BackupProvider,
  owner: User,
): string | undefined {
  if (holder.id === owner.id) return provider.openAccount(owner.id);
  return state(context).credentials.get(holder.id)?.get(`${provider.id}/${owner.id}`);
}

function cloudClient(context: RunContext, party: string): CloudClient {
  const s = state(context);
  let client = s.clients.get(party);
  if (!client) s.clients.set(party, (client = new CloudClient(context.world, party)));
  return client;
}

/** Records what `reader` learned from a decrypted backup, and puts it on `device` when restoring onto one. */
function readBackup(
  context: RunContext,
  reader: Actor,
  owner: User,
  name: string,
  bytes: Uint8Array,
  source: string,
): number {
  const { world } = context;
  const contents = parseContents(bytes);
  const how = { kind: 'backup' as const, source };
  world.observe(reader.id, name, ['content', 'sender', 'timestamp', 'size'], how, bytes);
  const device = reader.primaryFor(owner.number);
  for (const message of contents.messages) {
    const fields: Field[] = ['content', 'sender', 'recipient', 'timestamp'];
    if (message.groupId !== undefined) fields.push('group-membership');
    world.observe(reader.id, message.messageId, fields, how, message.text);
    if (!device) continue;
    device.history.set(message.messageId, {
      ...message,
      direction: message.from === owner.number ? 'out' : 'in',
    });
    for (const tap of device.taps) tap({ kind: 'plaintext', item: message.messageId, text: message.text });
  }
  return contents.messages.length;
}

/**
 * The chat operator's key for `owner`'s backups as `restorer` holds it: already released to one of
 * its installs (at registration, or for an earlier backup), else released now to its registered
 * primary on the number — or why not.
 */
function serverKeyFor(
  context: RunContext,
  restorer: Actor,
  owner: User,
): { key: Uint8Array; via: string } | { reason: string } {
  const server = serverOf(context, owner.number);
  const keys = serverKeys(context, server);
  for (let i = restorer.devices.length - 1; i >= 0; i--) {
    const device: ClientDevice = restorer.devices[i]!;
    const key = keys.heldBy(device, owner.number);
    if (key) return { key, via: `key ${server.id} released to ${device.label}` };
  }
  const device = restorer.primaryFor(owner.number);
  if (!device) {
    return {
      reason: `the backup is encrypted under a key ${server.id} releases only to an install registered on ${owner.id}'s number, and ${restorer.id} has none`,
    };
  }
  const released = keys.release(device, owner.number);
  if (!released.ok) return { reason: released.reason };
  return { key: released.key, via: `key ${server.id} released to ${device.label}` };
}

/** The key that opens a downloaded end-to-end encrypted backup, as `restorer` can get it — or why not. */
function keyFor(
  context: RunContext,
  restorer: Actor,
  owner: User,
  mode: Exclude<BackupMode, 'plain'>,
  plan: BackupPlan,
): { key: Uint8Array; via: string } | { reason: string } {
  const s = state(context);
  if (mode === 'encrypted-key') {
    const digits = restorer.id === owner.id ? s.written.get(owner.id) : undefined;
    if (digits === undefined)
      return { reason: `the backup is end-to-end encrypted with a 64-digit key that only ${owner.id} has` };
    return { key: digitsToKey(digits), via: '64-digit key' };
  }
  const password =
    s.passwords.get(restorer.id)?.get(owner.id) ?? (restorer.id === owner.id ? plan.password : undefined);
  if (password === undefined)
    return {
      reason: `the backup is end-to-end encrypted and ${restorer.id} does not know ${owner.id}'s backup password`,
    };
  const vault = plan.vault();
  if (!registeredInstall(context, restorer, owner.number)) {
    return {
      reason: `${restorer.id} holds no registered phone on ${owner.id}'s number, and ${vault.id} answers only the account's own client`,
    };
  }
  const random = context.world.random.fork(
    `vault-login:${restorer.id}:${owner.id}:${next(s, `login:${restorer.id}`)}`,
  );
  const answer = requestKeyFromVault(context.world, random, vault, owner.number, password);
  if (!answer.ok) return { reason: `${vault.id} released no key: ${answer.reason}` };
  return { key: answer.key, via: `key from ${vault.id}` };
}

/** Records that `holder` now holds the backup key `item` (its 64-digit form is the evidence). */
function observeKey(
  context: RunContext,
  holder: string,
  item: string | undefined,
  key: Uint8Array,
  via: string,
): void {
  if (item === undefined) return;
  context.world.observe(
    holder,
    item,
    ['content', 'keys'],
    { kind: 'decrypted', with: via },
    keyToDigits(key),
  );
}

/** A deterministic wrong guess (the default when a step lists none), never the real password. */
function wrongGuess(index: number, real: string | undefined): string {
  const guess = `password${index + 1}`;
  return guess === real ? `${guess}!` : guess;
}

/** Records what an agency reads of a seized backup it can open with a key it holds. */
function readSeized(context: RunContext, agency: string, owner: User): number | undefined {
  const s = state(context);
  const file = s.seized.get(agency)?.get(owner.id);
  if (!file) return undefined;
  const { world } = context;
  let mode: BlobMode;
  try {
    mode = readBlobHeader(file.blob).mode;
  } catch (error) {
    if (!(error instanceof BackupFormatError)) throw error;
    return undefined;
  }
  let key: Uint8Array | undefined;
  if (mode === 'server-key') key = s.disclosedKeys.get(agency)?.get(owner.number);
  if (mode !== 'plain' && key === undefined) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = openBlob(world.crypto, file.blob, key);
  } catch (error) {
    if (error instanceof SealError || error instanceof BackupFormatError) return undefined;
    throw error;
  }
  const contents = parseContents(bytes);
  const how: How = {
    kind: 'backup',
    source: `${file.provider} backup of ${owner.id} seized by warrant (${mode === 'plain' ? 'unencrypted' : 'key disclosed by the chat server'})`,
  };
  world.observe(agency, file.name, ['content', 'sender', 'timestamp', 'size'], how, bytes);
  for (const message of contents.messages) {
    const fields: Field[] = ['content', 'sender', 'recipient', 'timestamp'];
    if (message.groupId !== undefined) fields.push('group-membership');
    world.observe(agency, message.messageId, fields, how, message.text);
  }
  return contents.messages.length;
}

/**
 * A search warrant served on a backup provider ([FBI]: cloud returns may hold WhatsApp data): the
 * provider hands over the target's stored backup file. The agency reads it only if it is unencrypted
 * or the agency also holds the key (a warrant on the chat server with `backup_keys_on_warrant`).
 */
export function warrantOnProvider(
  context: RunContext,
  agency: LawEnforcement,
  target: User,
  providerId: string,
): { ok: boolean; reason: string } {
  const provider = context.party(providerId, BackupProvider, 'backup-provider');
  const file = provider.latest(target.id);
  context.world.log('lawful.backup-warrant', {
    agency: agency.id,
    provider: provider.id,
    target: target.id,
    found: file !== undefined,
  });
  if (!file) return refused(`${provider.id} holds no chat backup of ${target.id}`);
  nested(state(context).seized, agency.id).set(target.id, {
    provider: provider.id,
    name: file.name,
    blob: file.blob,
  });
  provider.observeStored(agency.id, file);
  const read = readSeized(context, agency.id, target);
  return done(
    read === undefined
      ? `${provider.id} hands over ${target.id}'s backup (${file.blob.length} bytes), which ${agency.id} cannot open`
      : `${provider.id} hands over ${target.id}'s backup; ${agency.id} reads ${read} message(s)`,
  );
}

/**
 * With `backup_keys_on_warrant`, a warrant on the chat server also discloses the target's
 * server-held backup key (sources are silent on this; off by default). Returns what was added.
 */
export function discloseServerKey(
  context: RunContext,
  agency: LawEnforcement,
  server: ChatServer,
  target: User,
): string | undefined {
  const spec = context.specs.get(server.id);
  if (spec?.kind !== 'chat-server' || !spec.backup_keys_on_warrant) return undefined;
  const keys = serverKeys(context, server);
  const disclosed = keys.disclose(target.number);
  if (!disclosed) return undefined;
  nested(state(context).disclosedKeys, agency.id).set(target.number, disclosed.key);
  context.world.observe(
    agency.id,
    disclosed.item,
    ['content', 'keys'],
    { kind: 'clear', via: `search warrant on ${server.id}: server-held backup key` },
    toHex(disclosed.key),
  );
  const read = readSeized(context, agency.id, target);
  return read === undefined
    ? `, and ${target.id}'s backup key`
    : `, and ${target.id}'s backup key, which opens the seized backup (${read} message(s))`;
}

export const backupActions: ActionHandlers = {
  backup: (action, context) => {
    const { world } = context;
    const user = context.user(action.user);
    const phone = user.phone;
    if (!phone) return refused(`${user.id} has no logged-in phone to back up from`);
    if (!phone.online) return refused(`${phone.label} is offline`);
    const plan = planFor(context, user);
    const messages: BackupMessage[] = [...phone.history.values()]
      // What the phone still stores; a timer that ran out this instant counts as gone (a modded
      // client that ignores disappearing messages keeps them, and backs them up).
      .filter((m) => !phone.honoursDisappearing || m.disappearsAt === undefined || m.disappearsAt > world.now)
      .map(({ messageId, from, to, text, timestamp, groupId }) => ({
        messageId,
        from,
        to,
        text,
        timestamp,
        ...(groupId !== undefined ? { groupId } : {}),
      }));
    const contents = serializeContents({ account: user.number, createdAt: world.now, messages });
    const s = state(context);
    const n = next(s, `backup:${user.id}`);
    const name = `backup:${user.id}:${n}`;
    const random = world.random.fork(name);
    let blob: Uint8Array;
    let blobMode: BlobMode = plan.mode;
    let holder: string | undefined;
    if (plan.mode === 'plain') {
      const server = serverOf(context, user.number);
      if (plainProtection(context, server) === 'none') blob = plainBlob(contents);
      else {
        // Not end-to-end encrypted, yet not readable in the cloud: sealed under the account key the
        // chat operator keeps, which the phone holds since it registered (or gets now, at its first backup).
        const keys = serverKeys(context, server);
        const held = keys.heldBy(phone, user.number);
        const released = held ? undefined : keys.release(phone, user.number, true);
        if (released && !released.ok) return refused(released.reason);
        const key = held ?? (released as { key: Uint8Array }).key;
        blobMode = 'server-key';
        holder = server.id;
        blob = encryptedBlob(world.crypto, random.fork('seal'), 'server-key', key, contents);
      }
    } else {
      const key = backupKeyFor(context, user, plan, plan.mode);
      holder = key.vault;
      blob = encryptedBlob(world.crypto, random.fork('seal'), plan.mode, key.key, contents);
      s.keyOfBackup.set(name, key.item);
    }
    const mode = describeMode(blobMode, holder);
    world.registerItem(
      name,
      'backup',
      `${user.id}'s chat backup #${n} on ${plan.provider.id} (${mode})`,
      user.id,
      contents,
    );
    world.observe(user.id, name, ['content', 'sender', 'timestamp', 'size'], { kind: 'authored' }, contents);
    if (blobMode !== 'plain')
      plan.provider.attribute(
        blob,
        messages.map((m) => m.messageId),
      );
    const credential = plan.provider.openAccount(user.id);
    const status = uploadBackup(world, random.fork('upload'), phone.label, plan.provider, {
      owner: user.id,
      credential,
      name,
      blob,
    });
    if (status !== 'sent')
      return refused(`the upload from ${phone.label} never reached the network (${status})`);
    return done(
      `${phone.label} uploaded ${messages.length} message(s) to ${plan.provider.id} (${mode}, ${blob.length} bytes)`,
    );
  },

  'restore-backup': (action, context) => {
    const { world } = context;
    const restorer = context.actor(action.by);
    const owner = context.user(action.user);
    const plan = planFor(context, owner);
    const device = restorer.primaryFor(owner.number);
    if (device && !device.online) return refused(`${device.label} is offline`);
    const s = state(context);
    const credential = credentialOf(context, restorer, plan.provider, owner) ?? '';
    let result: DownloadResult | undefined;
    const random = world.random.fork(
      `restore:${restorer.id}:${owner.id}:${next(s, `restore:${restorer.id}`)}`,
    );
    cloudClient(context, restorer.id).download(
      random,
      plan.provider,
      { owner: owner.id, credential },
      (r) => (result = r),
    );
    runUntilSettled(world, () => result !== undefined, RESTORE_WAIT_MS);
    if (!result) return refused(`no answer from ${plan.provider.id} within ${RESTORE_WAIT_MS} ms`);
    if (!result.ok) return refused(result.reason);
    const { name, blob } = result;
    let mode: BlobMode;
    try {
      mode = readBlobHeader(blob).mode;
    } catch (error) {
      if (!(error instanceof BackupFormatError)) throw error;
      return refused(`the file in ${owner.id}'s cloud account is not a backup`);
    }
    let key: Uint8Array | undefined;
    let via = 'unencrypted';
    if (mode !== 'plain') {
      world.observe(restorer.id, name, ['sender', 'timestamp', 'size'], {
        kind: 'ciphertext',
        detail: `downloaded ${mode === 'server-key' ? 'encrypted' : 'end-to-end encrypted'} backup`,
      });
      const got =
        mode === 'server-key'
          ? serverKeyFor(context, restorer, owner)
          : keyFor(context, restorer, owner, mode, plan);
      if ('reason' in got) return refused(got.reason);
      ({ key, via } = got);
      if (restorer.id !== owner.id && mode !== 'server-key')
        observeKey(context, restorer.id, s.keyOfBackup.get(name), key, via);
    }
    let count: number;
    try {
      count = readBackup(
        context,
        restorer,
        owner,
        name,
        openBlob(world.crypto, blob, key),
        `${plan.provider.id} backup of ${owner.id} (${via})`,
      );
    } catch (error) {
      if (error instanceof SealError) return refused(`the backup did not decrypt (${error.message})`);
      if (error instanceof BackupFormatError) return refused(`the backup is unreadable (${error.message})`);
      throw error;
    }
    world.log('backup.restored', {
      by: restorer.id,
      owner: owner.id,
      name,
      messages: count,
      device: device?.label,
    });
    return done(
      `${restorer.id} restored ${count} message(s) from ${owner.id}'s backup (${via})${device ? ` onto ${device.label}` : ''}`,
    );
  },

  'steal-backup-credentials': (action, context) => {
    const attacker = context.actor(action.attacker);
    const victim = context.user(action.victim);
    const { provider } = planFor(context, victim);
    nested(state(context).credentials, attacker.id).set(
      `${provider.id}/${victim.id}`,
      provider.openAccount(victim.id),
    );
    context.world.log('cloud.credentials-stolen', {
      attacker: attacker.id,
      victim: victim.id,
      provider: provider.id,
    });
    return done(`${attacker.id} can now sign in to ${victim.id}'s ${provider.id} account`);
  },

  'guess-vault-password': (action, context) => {
    const { world } = context;
    const attacker = context.actor(action.attacker);
    const victim = context.user(action.victim);
    const plan = planFor(context, victim);
    const vault = plan.vault();
    if (!registeredInstall(context, attacker, victim.number)) {
      return refused(
        `${attacker.id} holds no registered phone on ${victim.id}'s number, and ${vault.id} answers only the account's own client`,
      );
    }
    const s = state(context);
    const real = state(context).keys.get(victim.id)?.password ?? plan.password;
    let tried = 0;
    for (let i = 0; i < action.attempts; i++) {
      const guess = action.guesses?.[i] ?? wrongGuess(i, real);
      const random = world.random.fork(
        `vault-guess:${attacker.id}:${victim.id}:${next(s, `guess:${attacker.id}`)}`,
      );
      const answer = requestKeyFromVault(world, random, vault, victim.number, guess);
      if (answer.ok) {
        nested(s.passwords, attacker.id).set(victim.id, guess);
        const current = s.keys.get(victim.id);
        observeKey(
          context,
          attacker.id,
          current?.item,
          answer.key,
          `${vault.id} after a correct password guess`,
        );
        return done(
          `guess ${i + 1} was right: ${attacker.id} obtained ${victim.id}'s backup key from ${vault.id}`,
        );
      }
      if (answer.attemptsLeft === undefined) {
        // Refused before any attempt: there is no record (never set up, or already destroyed).
        return refused(
          tried === 0
            ? `${vault.id}: ${answer.reason}`
            : `${tried} wrong guess(es), then ${vault.id}: ${answer.reason}`,
        );
      }
      tried++;
      if (answer.erased)
        return refused(`${tried} wrong guess(es): ${vault.id} destroyed ${victim.id}'s backup key for good`);
    }
    return refused(
      `${tried} wrong guess(es); ${vault.attemptsLeft(victim.number) ?? 0} attempt(s) left before ${vault.id} destroys the key`,
    );
  },
};
