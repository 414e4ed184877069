/**
 * Puts `track` in place of the publisher's current track of the same kind: in its local
 * `MediaStream` (what its own video element and later subscribers get) and on every
 * `RTCRtpSender` that sends that kind (what current subscribers keep receiving, without a new
 * offer). The one place a track is swapped, whatever carries the media (a mesh peer per
 * subscriber or a link to the media router): callers pass every sender the publisher has.
 *
 * @param media - The publisher's media stream (changed in place).
 * @param senders - Every sender of the publisher, on every peer connection.
 * @param track - The new track.
 * @returns The track it replaced, if there was one.
 * @internal
 */
export async function replacePublisherTrack(
  media: MediaStream,
  senders: Iterable<RTCRtpSender>,
  track: MediaStreamTrack,
): Promise<MediaStreamTrack | undefined> {
  const kind = track.kind;
  const old = media.getTracks().find((entry) => entry.kind === kind);
  const replacing: Promise<void>[] = [];
  for (const sender of senders) {
    // A sender whose track was removed still has the kind of its transceiver.
    const senderKind = sender.track?.kind ?? kindOfIdleSender(sender);
    if (senderKind === kind) replacing.push(sender.replaceTrack(track));
  }
  if (old !== undefined && old !== track) media.removeTrack(old);
  if (!media.getTracks().includes(track)) media.addTrack(track);
  await Promise.all(replacing);
  return old === track ? undefined : old;
}

function kindOfIdleSender(sender: RTCRtpSender): string | undefined {
  const codec = sender.getParameters().codecs?.[0]?.mimeType;
  return codec?.split('/')[0]?.toLowerCase();
}
