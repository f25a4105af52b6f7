/** The `profile` of a `user` party (in its own module so the party schema stays one list of kinds). */
import { z } from 'zod';
import { textSchema } from './schema-common.js';

/**
 * A user's profile photo and "About" text, and who may see them. WhatsApp's privacy settings offer
 * Everyone, My contacts (and "my contacts except…") and Nobody for each; the profile is stored by the
 * service, not end-to-end encrypted (WhatsApp discloses profile photos to law enforcement on a
 * warrant). `everyone` as the default is an inference: Gegenhuber et al. (2025) retrieved profile
 * photos and About texts of a large share of the accounts they enumerated.
 */
export const profileSchema = z
  .strictObject({
    about: textSchema('The "About" text', 500).optional(),
    photo: textSchema('The profile photo, described (e.g. "alice-at-the-beach.jpg")', 200).optional(),
    visibility: z
      .enum(['everyone', 'contacts', 'nobody'])
      .default('everyone')
      .describe(
        'Who the service shows them to: `everyone` (the default, inf.), `contacts` (accounts this user has chatted with) or `nobody`',
      ),
  })
  .describe('Profile photo and "About" text, held by the chat server');
