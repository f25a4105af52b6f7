/**
 * Protobuf definitions of the Signal v3 wire messages (package `textsecure`, proto2), as libsignal's
 * WhisperTextProtocol.proto declares them, plus the session-record messages Sightline persists.
 * Encoding and decoding is done by protobufjs from these descriptors; nothing is hand-encoded.
 */
import protobuf from 'protobufjs/light.js';

const wireDescriptor = {
  // proto2: a field that is set is encoded even when it holds its default (libsignal sends counter 0).
  edition: 'proto2',
  nested: {
    textsecure: {
      nested: {
        WhisperMessage: {
          edition: 'proto2',
          fields: {
            ephemeralKey: { type: 'bytes', id: 1 },
            counter: { type: 'uint32', id: 2 },
            previousCounter: { type: 'uint32', id: 3 },
            ciphertext: { type: 'bytes', id: 4 },
          },
        },
        PreKeyWhisperMessage: {
          edition: 'proto2',
          fields: {
            registrationId: { type: 'uint32', id: 5 },
            preKeyId: { type: 'uint32', id: 1 },
            signedPreKeyId: { type: 'uint32', id: 6 },
            // PQXDH (libsignal wire.proto): present exactly on version-4 messages.
            kyberPreKeyId: { type: 'uint32', id: 7 },
            kyberCiphertext: { type: 'bytes', id: 8 },
            baseKey: { type: 'bytes', id: 2 },
            identityKey: { type: 'bytes', id: 3 },
            message: { type: 'bytes', id: 4 },
          },
        },
        SenderKeyMessage: {
          edition: 'proto2',
          fields: {
            id: { type: 'uint32', id: 1 },
            iteration: { type: 'uint32', id: 2 },
            ciphertext: { type: 'bytes', id: 3 },
          },
        },
        SenderKeyDistributionMessage: {
          edition: 'proto2',
          fields: {
            id: { type: 'uint32', id: 1 },
            iteration: { type: 'uint32', id: 2 },
            chainKey: { type: 'bytes', id: 3 },
            signingKey: { type: 'bytes', id: 4 },
          },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(wireDescriptor);

/** protobufjs message types for the four wire messages. */
export const WireTypes = {
  WhisperMessage: root.lookupType('textsecure.WhisperMessage'),
  PreKeyWhisperMessage: root.lookupType('textsecure.PreKeyWhisperMessage'),
  SenderKeyMessage: root.lookupType('textsecure.SenderKeyMessage'),
  SenderKeyDistributionMessage: root.lookupType('textsecure.SenderKeyDistributionMessage'),
} as const;
