import type { OTEvent, OTEventTarget } from './ot-types.js';

type Entry = [target: OTEventTarget, type: string, handler: (event: OTEvent) => void];

/**
 * Every handler we attach to an OpenTok object, so it can be removed by reference, per object or
 * all at once. Never calls a bare `off()`: other code's listeners on the same cached Session stay.
 */
export class ListenerBag {
  #entries: Entry[] = [];

  /** Attaches `handler` to `target` and remembers it. */
  _add<E>(target: OTEventTarget, type: string, handler: (event: E) => void): void {
    target.on(type, handler as (event: OTEvent) => void);
    this.#entries.push([target, type, handler as (event: OTEvent) => void]);
  }

  /** Removes our handlers from `target` only (all targets when omitted). */
  _remove(target?: OTEventTarget): void {
    this.#entries = this.#entries.filter(([t, type, handler]) => {
      if (target && t !== target) return true;
      t.off(type, handler);
      return false;
    });
  }
}
