/** What {@link watchTracksEnded} returns. @internal */
export interface TrackEndWatch {
  /** Re-reads the stream's tracks (after one was replaced). */
  refresh(): void;
  /** Removes every listener. */
  stop(): void;
}

/**
 * Tells when the source of a publisher's tracks ends by itself: the browser's "Stop sharing"
 * button, a camera unplugged, a `<video>` file that finished. As `@opentok/client` does, it waits
 * a moment (100 ms) for sibling tracks to end too, then reports either every track ended
 * (`onAllEnded`: the publisher stops with reason `mediaStopped`) or just one (`onSingleEnded`).
 * `track.stop()` fires no `ended` event, so tracks the emulator stops itself are never reported.
 *
 * @param media - The publisher's media stream.
 * @param onAllEnded - Every track has ended.
 * @param onSingleEnded - One track ended, others still run.
 * @returns The watch.
 * @internal
 */
export function watchTracksEnded(
  media: MediaStream,
  onAllEnded: () => void,
  onSingleEnded: (track: MediaStreamTrack) => void,
): TrackEndWatch {
  const watched = new Set<MediaStreamTrack>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const onEnded = (event: Event): void => {
    const track = event.target as MediaStreamTrack;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!watched.has(track)) return;
      if (media.getTracks().every((entry) => entry.readyState === 'ended')) {
        watch.stop();
        onAllEnded();
        return;
      }
      unwatch(track);
      onSingleEnded(track);
    }, 100);
    timers.add(timer);
  };
  const unwatch = (track: MediaStreamTrack): void => {
    track.removeEventListener('ended', onEnded);
    watched.delete(track);
  };
  const watch: TrackEndWatch = {
    refresh() {
      const current = new Set(media.getTracks());
      for (const track of [...watched]) if (!current.has(track)) unwatch(track);
      for (const track of current) {
        if (watched.has(track) || track.readyState === 'ended') continue;
        track.addEventListener('ended', onEnded);
        watched.add(track);
      }
    },
    stop() {
      for (const track of [...watched]) unwatch(track);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
  watch.refresh();
  return watch;
}
