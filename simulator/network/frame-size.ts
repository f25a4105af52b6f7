/**
 * Sizes of frames on the wire. A tap reports what an observer on the path would count: the
 * transport frame plus IPv4 and TCP (or UDP) headers, one set per segment. Real overheads matter
 * here because size and timing are exactly what a network observer learns (SCENARIOS.md A6, S17).
 */

/** IPv4 header without options (RFC 791). */
export const IPV4_HEADER_BYTES = 20;
/** TCP header without options (RFC 9293). */
export const TCP_HEADER_BYTES = 20;
/** UDP header (RFC 768). */
export const UDP_HEADER_BYTES = 8;
/** TCP maximum segment size on a 1500-byte Ethernet path: 1500 − 20 − 20. */
export const TCP_MSS_BYTES = 1460;

/** Transport protocol of a frame; decides the header overhead. */
export type WireProtocol = 'tcp' | 'udp';

/** Bytes an observer sees for a payload of `payloadBytes`: headers for every TCP segment, or one UDP datagram. */
export function wireSize(payloadBytes: number, protocol: WireProtocol = 'tcp'): number {
  if (protocol === 'udp') return payloadBytes + IPV4_HEADER_BYTES + UDP_HEADER_BYTES;
  const segments = Math.max(1, Math.ceil(payloadBytes / TCP_MSS_BYTES));
  return payloadBytes + segments * (IPV4_HEADER_BYTES + TCP_HEADER_BYTES);
}
