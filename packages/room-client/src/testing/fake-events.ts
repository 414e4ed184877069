/** An event as the fake dispatches it: the same shape as OpenTok's `Event`. */
export class FakeEvent {
  /** The event type, e.g. `streamCreated` or `signal:chat`. */
  readonly type: string;
  /** Whether `preventDefault()` has an effect. */
  readonly cancelable: boolean;
  /** The object that dispatched it. */
  target: unknown;
  #prevented = false;

  /**
   * @param type - the event type
   * @param target - the dispatching object
   * @param cancelable - whether the default action can be prevented
   */
  constructor(type: string, target: unknown, cancelable = false) {
    this.type = type;
    this.target = target;
    this.cancelable = cancelable;
  }

  /** Cancels the default action (cancelable events only). */
  preventDefault(): void {
    if (this.cancelable) this.#prevented = true;
  }

  /** @returns whether `preventDefault()` took effect */
  isDefaultPrevented(): boolean {
    return this.#prevented;
  }
}

/** Where the fake puts errors thrown by handlers (the real SDK only logs them). */
export interface HandlerErrorSink {
  /** Errors thrown by handlers, oldest first. */
  readonly handlerErrors: unknown[];
}

interface Registration {
  handler: (event: never) => void;
  context: object | undefined;
  once: boolean;
  /** The SDK's own listener (the connect callback): not counted by `listenerCount`. */
  internal: boolean;
}

/**
 * OpenTok's event emitter semantics: `on` returns the emitter; the same handler registered twice
 * fires twice; a handler that throws stops the remaining handlers of that dispatch (the error is
 * only recorded, like the SDK only logs it); `off()` without a handler removes every handler of
 * the type (without a type: of every type, which is why a wrapper must never call it).
 */
export class FakeEmitter<Events extends object> {
  readonly #handlers = new Map<string, Registration[]>();
  readonly #sink: HandlerErrorSink;

  /** @param sink - where handler errors are recorded */
  constructor(sink: HandlerErrorSink) {
    this.#sink = sink;
  }

  /**
   * Adds a handler.
   *
   * @param type - the event type
   * @param handler - the handler
   * @param context - `this` inside the handler
   * @returns this emitter (like the real SDK, although its .d.ts says void)
   */
  on<K extends keyof Events & string>(
    type: K,
    handler: (event: Events[K]) => void,
    context?: object,
  ): this;
  on(type: string, handler: (event: FakeEvent) => void, context?: object): this;
  on(type: string, handler: (event: never) => void, context?: object): this {
    return this.#add(type, { handler, context, once: false, internal: false });
  }

  /**
   * Adds a handler that runs once.
   *
   * @param type - the event type
   * @param handler - the handler
   * @param context - `this` inside the handler
   * @returns this emitter
   */
  once<K extends keyof Events & string>(
    type: K,
    handler: (event: Events[K]) => void,
    context?: object,
  ): this;
  once(type: string, handler: (event: FakeEvent) => void, context?: object): this;
  once(type: string, handler: (event: never) => void, context?: object): this {
    return this.#add(type, { handler, context, once: true, internal: false });
  }

  /**
   * Removes handlers: one handler (with its context), every handler of a type, or everything.
   *
   * @param type - the event type; all types when omitted
   * @param handler - the handler; all handlers of the type when omitted
   * @param context - the context it was added with
   * @returns this emitter
   */
  off<K extends keyof Events & string>(
    type?: K,
    handler?: (event: Events[K]) => void,
    context?: object,
  ): this;
  off(type?: string, handler?: (event: FakeEvent) => void, context?: object): this;
  off(type?: string, handler?: (event: never) => void, context?: object): this {
    if (type === undefined) {
      this.#handlers.clear();
      return this;
    }
    const list = this.#handlers.get(type) ?? [];
    const kept = list.filter(
      (r) =>
        r.internal || (handler !== undefined && (r.handler !== handler || r.context !== context)),
    );
    this.#handlers.set(type, kept);
    return this;
  }

  /**
   * Counts handlers added through `on`/`once` (not the SDK's own internal ones).
   *
   * @param type - one event type; all types when omitted
   * @returns the number of handlers
   */
  listenerCount(type?: string): number {
    const lists =
      type === undefined ? [...this.#handlers.values()] : [this.#handlers.get(type) ?? []];
    return lists.reduce((sum, list) => sum + list.filter((r) => !r.internal).length, 0);
  }

  /** Adds the SDK's own one-time listener (e.g. the connect callback inside sessionConnected). */
  protected addInternal(type: string, handler: (event: FakeEvent) => void): void {
    this.#add(type, { handler, context: undefined, once: true, internal: true });
  }

  /** Counts the SDK's own listeners of a type. */
  protected internalCount(type: string): number {
    return (this.#handlers.get(type) ?? []).filter((r) => r.internal).length;
  }

  /** Removes the SDK's own listeners of a type (only `handler` when given). */
  protected removeInternal(type: string, handler?: (event: FakeEvent) => void): void {
    this.#handlers.set(
      type,
      (this.#handlers.get(type) ?? []).filter(
        (r) => !r.internal || (handler !== undefined && r.handler !== handler),
      ),
    );
  }

  /**
   * Dispatches `event` to the handlers of `type` (default: `event.type`), in registration order.
   * A handler that throws stops the remaining ones.
   */
  protected dispatch(event: FakeEvent, type: string = event.type): void {
    const list = this.#handlers.get(type);
    if (!list) return;
    for (const registration of [...list]) {
      if (registration.once) {
        const current = this.#handlers.get(type) ?? [];
        this.#handlers.set(
          type,
          current.filter((r) => r !== registration),
        );
      }
      try {
        (registration.handler as (this: unknown, event: FakeEvent) => void).call(
          registration.context,
          event,
        );
      } catch (error) {
        this.#sink.handlerErrors.push(error);
        return;
      }
    }
  }

  #add(type: string, registration: Registration): this {
    const list = this.#handlers.get(type) ?? [];
    list.push(registration);
    this.#handlers.set(type, list);
    return this;
  }
}
