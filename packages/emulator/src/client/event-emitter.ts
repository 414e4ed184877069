import type { OTEvent } from './ot-event.js';

/** A listener of the emulated SDK's objects. */
export type OTEventHandler = (event: OTEvent & Record<string, unknown>) => void;

interface Registration {
  readonly handler: OTEventHandler;
  readonly context: object | undefined;
  readonly once: boolean;
}

type HandlerMap = Readonly<Record<string, OTEventHandler>>;

/**
 * The `on`/`once`/`off` emitter of `@opentok/client` objects: a handler registered twice fires
 * twice; a handler that throws stops the remaining handlers of that event (the error is logged);
 * `on(map, context)` registers several; `off()` with no argument removes every handler.
 */
export class OTEventEmitter {
  readonly #listeners = new Map<string, Registration[]>();

  /**
   * Adds a handler (or a map of handlers).
   *
   * @param type - Event name, or `{ name: handler }`.
   * @param handler - The handler (or, with a map, the `this` context).
   * @param context - `this` inside the handler.
   * @returns This object.
   */
  on(type: string | HandlerMap, handler?: OTEventHandler | object, context?: object): this {
    this.#add(type, handler, context, false);
    return this;
  }

  /**
   * Adds a handler that runs once.
   *
   * @param type - Event name, or `{ name: handler }`.
   * @param handler - The handler (or, with a map, the `this` context).
   * @param context - `this` inside the handler.
   * @returns This object.
   */
  once(type: string | HandlerMap, handler?: OTEventHandler | object, context?: object): this {
    this.#add(type, handler, context, true);
    return this;
  }

  /**
   * Removes handlers. With no argument it removes every handler of every event: never do that
   * on a shared Session (it strips everyone's listeners); remove only your own.
   *
   * @param type - Event name, or `{ name: handler }`. Default: every event.
   * @param handler - The handler to remove (or, with a map, the context). Default: all of them.
   * @param context - Only registrations with this context.
   * @returns This object.
   */
  off(type?: string | HandlerMap, handler?: OTEventHandler | object, context?: object): this {
    if (type === undefined) {
      this.#listeners.clear();
      return this;
    }
    if (typeof type === 'object') {
      for (const [name, entry] of Object.entries(type)) this.off(name, entry, handler);
      return this;
    }
    if (handler === undefined) {
      this.#listeners.delete(type);
      return this;
    }
    const kept = (this.#listeners.get(type) ?? []).filter(
      (entry) => entry.handler !== handler || (context !== undefined && entry.context !== context),
    );
    this.#listeners.set(type, kept);
    return this;
  }

  /**
   * Dispatches an event to the handlers of `event.type` (or of `type` when given).
   *
   * @param event - The event object.
   * @param type - The listener list to use. Default `event.type`.
   * @internal
   */
  protected dispatch(event: OTEvent, type: string = event.type): void {
    const entries = [...(this.#listeners.get(type) ?? [])];
    for (const entry of entries) {
      if (entry.once) {
        const list = this.#listeners.get(type) ?? [];
        const index = list.indexOf(entry);
        if (index >= 0) list.splice(index, 1);
      }
      try {
        entry.handler.call(entry.context ?? this, event as OTEvent & Record<string, unknown>);
      } catch (error) {
        console.error(`OT: an error was thrown inside a "${type}" handler:`, error);
        return;
      }
    }
  }

  /**
   * Counts the handlers of an event, as the real SDK's `listenerCount` (its own connect callbacks
   * included: they are `once` listeners like any other).
   *
   * @param type - Event name.
   * @returns The number of handlers registered.
   */
  listenerCount(type: string): number {
    return this.#listeners.get(type)?.length ?? 0;
  }

  /**
   * Tells whether anyone listens to an event.
   *
   * @param type - Event name.
   * @returns Whether at least one handler is registered.
   * @internal
   */
  protected hasListeners(type: string): boolean {
    return (this.#listeners.get(type)?.length ?? 0) > 0;
  }

  #add(
    type: string | HandlerMap,
    handler: OTEventHandler | object | undefined,
    context: object | undefined,
    once: boolean,
  ): void {
    if (typeof type === 'object') {
      for (const [name, entry] of Object.entries(type)) {
        this.#add(name, entry, handler as object | undefined, once);
      }
      return;
    }
    if (typeof handler !== 'function') return;
    const list = this.#listeners.get(type) ?? [];
    list.push({ handler: handler as OTEventHandler, context, once });
    this.#listeners.set(type, list);
    this.listenerAdded(type);
  }

  /**
   * Told after a handler was added (the real SDK's `<type>:added`): lets an object start work
   * that only listeners need, such as audio levels.
   *
   * @param _type - The event name.
   * @internal
   */
  protected listenerAdded(_type: string): void {}
}
