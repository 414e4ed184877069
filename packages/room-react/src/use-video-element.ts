import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { videosOf } from './client-videos.js';
import { useRoom } from './room-context.js';

const nothing = (): undefined => undefined;

/**
 * Moves OpenTok's `<video>` element for `key` into the slot element React rendered, and out again
 * on unmount. React renders no children in the slot, so it never reconciles against the element.
 *
 * @returns a ref for the slot, and whether an element is there
 */
export function useVideoElement(key: string): {
  slot: React.RefObject<HTMLDivElement | null>;
  hasElement: boolean;
} {
  const videos = videosOf(useRoom());
  const subscribe = useCallback(
    (listener: () => void) => videos.subscribe(key, listener),
    [videos, key],
  );
  const read = useCallback(() => videos.get(key), [videos, key]);
  // On the server and during hydration there is no element: the placeholder renders.
  const element = useSyncExternalStore(subscribe, read, nothing);
  const slot = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const container = slot.current;
    if (!container || !element) return;
    container.appendChild(element);
    resume(element);
    return () => {
      if (element.parentNode === container) container.removeChild(element);
    };
  }, [element]);
  return { slot, hasElement: element !== undefined };
}

/** A video moved in the DOM pauses; OpenTok's elements autoplay only once. */
function resume(element: HTMLElement): void {
  const video = element as Partial<HTMLVideoElement>;
  if (video.paused && video.srcObject && typeof video.play === 'function') {
    video.play().catch(() => {
      // Autoplay refused (no user gesture yet): the element keeps its poster until played.
    });
  }
}
