/**
 * Whether an RTP payload (VP8, RFC 7741) starts a keyframe: the first packet of partition 0 of a
 * frame whose VP8 header says "key frame". A subscriber can only start decoding there.
 *
 * @param payload - The RTP payload.
 * @returns `true` for the first packet of a keyframe.
 * @internal
 */
export function startsVp8Keyframe(payload: Uint8Array): boolean {
  const first = payload[0];
  if (first === undefined) return false;
  const startOfPartition = (first & 0x10) !== 0;
  const partitionId = first & 0x07;
  if (!startOfPartition || partitionId !== 0) return false;
  let offset = 1;
  if ((first & 0x80) !== 0) {
    const extension = payload[offset] ?? 0;
    offset += 1;
    if ((extension & 0x80) !== 0) offset += ((payload[offset] ?? 0) & 0x80) !== 0 ? 2 : 1;
    if ((extension & 0x40) !== 0) offset += 1;
    if ((extension & 0x30) !== 0) offset += 1;
  }
  const header = payload[offset];
  // The inverse key frame flag: 0 means a key frame.
  return header !== undefined && (header & 0x01) === 0;
}
