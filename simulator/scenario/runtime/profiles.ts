/**
 * Profile photos and "About" texts (user `profile`). The chat server stores them as uploaded — they
 * are not end-to-end encrypted — and shows them to whoever looks a number up, as the owner's
 * visibility setting allows: `everyone`, `contacts` (accounts the owner has chatted with, as the
 * server records them) or `nobody`. One ledger item per profile, `profile:<number>`, whose content is
 * the text below; a party holds it only when these bytes reached it.
 */
import type { UserParty } from '../schema.js';
import type { RunContext } from './context.js';

/** The ledger item of the profile of `number`. */
export function profileItem(number: string): string {
  return `profile:${number}`;
}

/** The bytes of a profile as the server hands them out. */
function profileText(profile: NonNullable<UserParty['profile']>): string {
  return `about: ${profile.about ?? ''}\nphoto: ${profile.photo ?? ''}`;
}

function profiles(context: RunContext): Array<{ spec: UserParty; number: string }> {
  return context.scenario.parties
    .filter((spec): spec is UserParty => spec.kind === 'user' && spec.profile !== undefined)
    .map((spec) => ({ spec, number: context.numberOf(spec.id) }));
}

/** Each user with a profile uploads it when the run sets up: the user and the server hold it. */
export function setUpProfiles(context: RunContext): void {
  const { world } = context;
  for (const { spec, number } of profiles(context)) {
    const text = profileText(spec.profile!);
    const item = profileItem(number);
    world.registerItem(item, 'other', `profile photo and About of ${spec.id}`, spec.id, text);
    world.observe(spec.id, item, ['content'], { kind: 'authored' }, text);
    const server = context.server();
    world.observe(server.id, item, ['content'], { kind: 'clear', via: 'profile upload' }, text);
  }
}

/**
 * `requester` (on account `requesterNumber`) fetches the profile of a number it found registered:
 * the server hands it out if the owner's visibility allows, and the requester then holds it.
 */
export function fetchProfile(
  context: RunContext,
  requester: string,
  requesterNumber: string,
  number: string,
): boolean {
  const found = profiles(context).find((p) => p.number === number);
  if (found === undefined) return false;
  const profile = found.spec.profile!;
  const server = context.server();
  const allowed =
    profile.visibility === 'everyone' ||
    (profile.visibility === 'contacts' && server.account(number)?.contacts.has(requesterNumber) === true);
  context.world.log('profile.fetch', { requester, number, allowed });
  if (!allowed) return false;
  const text = profileText(profile);
  context.world.observe(
    requester,
    profileItem(number),
    ['content'],
    { kind: 'clear', via: `profile lookup on ${server.id} (visible to ${profile.visibility})` },
    text,
  );
  return true;
}
