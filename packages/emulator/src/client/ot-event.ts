/** The fields every event object of the emulated SDK has, like `@opentok/client`'s `Event`. */
export interface OTEvent<Type extends string = string, Target = unknown> {
  /** The event name, e.g. `streamCreated` (or `signal:chat` for a typed signal). */
  readonly type: Type;
  /** Whether {@link OTEvent.preventDefault} has an effect. */
  readonly cancelable: boolean;
  /** The object that dispatched the event. */
  readonly target: Target;
  /**
   * Tells whether the default action was prevented.
   *
   * @returns `true` after `preventDefault()` on a cancelable event.
   */
  isDefaultPrevented(): boolean;
  /** Prevents the default action of a cancelable event (e.g. destroying a Subscriber). */
  preventDefault(): void;
}

/**
 * Creates an event object.
 *
 * @param type - Event name.
 * @param target - The dispatching object.
 * @param props - Extra fields (`stream`, `connection`, `reason`, ...).
 * @param cancelable - Whether `preventDefault` works.
 * @returns The event.
 * @internal
 */
export function createEvent<T extends object>(
  type: string,
  target: unknown,
  props: T,
  cancelable = false,
): OTEvent & T {
  let prevented = false;
  return {
    ...props,
    type,
    cancelable,
    target,
    isDefaultPrevented: () => prevented,
    preventDefault: () => {
      if (cancelable) prevented = true;
    },
  };
}
