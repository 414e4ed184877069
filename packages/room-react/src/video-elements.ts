/**
 * The `<video>` elements OpenTok hands over through room-client's `onElement` placement, keyed by
 * what they show: `local:camera`, `local:screen`, or a remote stream id. A `<VideoTile>` subscribes
 * to its key and moves the element into the slot React rendered for it.
 */
export class VideoElements {
  readonly #elements = new Map<string, HTMLElement>();
  readonly #listeners = new Map<string, Set<() => void>>();

  /** The element for `key`, if OpenTok created one. */
  get(key: string): HTMLElement | undefined {
    return this.#elements.get(key);
  }

  /** Records the element OpenTok created for `key` (a newer one replaces the older). */
  set(key: string, element: HTMLElement): void {
    this.#elements.set(key, element);
    this.#notify(key);
  }

  /** Forgets `key` (its stream or publisher ended). */
  delete(key: string): void {
    if (this.#elements.delete(key)) this.#notify(key);
  }

  /** Forgets every element (the client left). */
  clear(): void {
    const keys = [...this.#elements.keys()];
    this.#elements.clear();
    for (const key of keys) this.#notify(key);
  }

  /** Calls `listener` when the element for `key` changes; returns the unsubscribe function. */
  subscribe(key: string, listener: () => void): () => void {
    let set = this.#listeners.get(key);
    if (!set) {
      set = new Set();
      this.#listeners.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(key) === set) this.#listeners.delete(key);
    };
  }

  /** How many listeners are attached (for leak tests). */
  get listenerCount(): number {
    let count = 0;
    for (const set of this.#listeners.values()) count += set.size;
    return count;
  }

  #notify(key: string): void {
    for (const listener of [...(this.#listeners.get(key) ?? [])]) listener();
  }
}

/** The registry key of a local publisher's video. */
export const localVideoKey = (source: 'camera' | 'screen'): string => `local:${source}`;
