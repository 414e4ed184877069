import { attempt } from './report.js';
import { type RoomAction, transition } from './snapshot.js';
import type { RoomSnapshot } from './snapshot-types.js';

/**
 * Holds the current snapshot and its listeners. `_apply` runs the transition function; listeners
 * hear of a change once it is complete: at once, or when the last `_hold` ends (the initial burst
 * of a connect is held, so nobody sees half of the room's connections).
 */
export class SnapshotStore {
  _current: RoomSnapshot;
  readonly #listeners = new Set<() => void>();
  #holds = 0;
  #pending = false;

  constructor(initial: RoomSnapshot) {
    this._current = initial;
  }

  /** Adds a listener; returns the function that removes it. */
  _subscribe(listener: () => void): () => void {
    // A wrapper, so that one function subscribed twice (and unsubscribed twice) behaves.
    const entry = () => listener();
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** Runs the transition function; listeners hear of a change (now, or when the holds end). */
  _apply(action: RoomAction): void {
    const next = transition(this._current, action);
    if (next === this._current) return;
    this._current = next;
    this.#pending = true;
    if (!this.#holds) this.#notify();
  }

  /** Defers notifications until the returned function is called (idempotent). */
  _hold(): () => void {
    this.#holds++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (!--this.#holds) this.#notify();
    };
  }

  #notify(): void {
    if (!this.#pending) return;
    this.#pending = false;
    for (const listener of [...this.#listeners]) attempt(listener);
  }
}
