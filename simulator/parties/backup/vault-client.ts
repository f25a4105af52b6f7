/**
 * The client side of the key vault: a phone storing its backup key behind a password (OPAQUE
 * registration) and a client getting the key back with a password (OPAQUE login). WhatsApp's
 * clients reach the HSM through the chat service with the vault's key pinned ([BKP]); here the
 * exchanges are direct calls, and the vault journals each one.
 */
import type { RandomSource } from '../../crypto/provider.js';
import type { World } from '../../world/world.js';
import type { KeyVault } from '../key-vault.js';
import {
  OpaqueError,
  blindPassword,
  finishLogin,
  finishRegistration,
  openReleasedKey,
  startLogin,
} from './opaque.js';
import { SealError } from './seal.js';

/** Registers `backupKey` with the vault for `account`, protected by `password`. */
export function storeKeyInVault(
  world: World,
  random: RandomSource,
  vault: KeyVault,
  request: { account: string; password: string; backupKey: Uint8Array; keyItem: string },
): void {
  const blinded = blindPassword(random, request.password);
  const evaluated = vault.registrationResponse(request.account, blinded.blinded);
  const record = finishRegistration(
    world.crypto,
    random,
    blinded,
    evaluated,
    vault.publicKey,
    request.backupKey,
  );
  vault.store(request.account, record, request.keyItem);
}

/** The result of asking the vault for a key with a password. */
export type KeyRequest =
  | { readonly ok: true; readonly key: Uint8Array }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly attemptsLeft?: number;
      readonly erased?: boolean;
    };

/** One OPAQUE login with `password`: one counted attempt at the vault. */
export function requestKeyFromVault(
  world: World,
  random: RandomSource,
  vault: KeyVault,
  account: string,
  password: string,
): KeyRequest {
  const login = startLogin(world.crypto, random, password);
  const start = vault.loginStart(account, login.ke1);
  if (!start.ok) return { ok: false, reason: start.reason, erased: vault.wasDestroyed(account) };
  let ke3: Uint8Array | undefined;
  let result;
  try {
    result = finishLogin(world.crypto, login, vault.publicKey, start.ke2);
    ke3 = result.ke3;
  } catch (error) {
    if (!(error instanceof OpaqueError)) throw error;
    ke3 = undefined;
  }
  const finish = vault.loginFinish(account, ke3);
  if (!finish.ok)
    return { ok: false, reason: finish.reason, attemptsLeft: finish.attemptsLeft, erased: finish.erased };
  try {
    return { ok: true, key: openReleasedKey(world.crypto, result!, finish.released) };
  } catch (error) {
    if (!(error instanceof SealError)) throw error;
    return { ok: false, reason: 'the released key did not authenticate' };
  }
}
