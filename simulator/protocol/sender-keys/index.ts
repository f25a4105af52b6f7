/** Sender Keys for groups, WhatsApp flavour (PROTOCOL.md "Sender Keys"). */
export { groupDecrypt, groupEncrypt } from './group-cipher.js';
export {
  createSenderKeyDistributionMessage,
  generateSenderKeyState,
  processSenderKeyDistributionMessage,
  rotateSenderKey,
} from './group-session.js';
export { deserializeSenderKeyRecord, serializeSenderKeyRecord } from './record-codec.js';
export { EMPTY_SENDER_KEY_RECORD, type SenderKeyRecord } from './record.js';
export type { SenderKeyState } from './state.js';
export {
  InMemorySenderKeyStore,
  RecordSenderKeyStore,
  senderKeyNameToString,
  type SenderAddress,
  type SenderKeyName,
  type SenderKeyStore,
} from './store.js';
export {
  decodeSenderKeyDistributionMessage,
  decodeSenderKeyMessage,
  type SenderKeyDistribution,
  type SenderKeyMessage,
} from './wire.js';
