import { type OTConnection, type ReceivedSignal, sendSignal } from '@opentok-rooms/room-client';
import { useCallback, useEffect, useRef } from 'react';
import { useRoom } from '../room-context.js';

/** A decoded signal, as {@link useSignal} delivers it. */
export interface SignalMessage<T> {
  /** The signal type. */
  readonly type: string;
  /** The decoded payload. */
  readonly data: T;
  /** The sender; null for signals your server sent through the REST API. */
  readonly from: OTConnection | null;
  /** Whether you sent it (OpenTok delivers signals to the sender too). */
  readonly isLocal: boolean;
}

/** Options of {@link useSignal}. */
export interface UseSignalOptions<T> {
  /** Called for each signal of this type (the latest function is always used). */
  onReceived?: (message: SignalMessage<T>) => void;
  /**
   * Turns the received string into `T` (default: the string itself). When it throws, the signal is
   * not delivered and `onInvalid` gets the error.
   */
  decode?: (data: string) => T;
  /** Turns `T` into the string sent (default: `String`). */
  encode?: (value: T) => string;
  /** Called with signals `decode` rejected (default: `console.warn`). */
  onInvalid?: (error: unknown, signal: ReceivedSignal) => void;
}

/** Sends one signal; resolves once OpenTok acknowledged it (see room-client's `signal`). */
export type SendSignal<T> = (value: T, to?: string | OTConnection) => Promise<void>;

/**
 * Subscribes to one signal type while mounted and returns a function that sends it. The listener
 * is removed on unmount or when the type or room changes.
 *
 * @param type - the signal type (letters, digits, `-`, `_`, `~`, `.`)
 * @param options - the receive callback and an optional codec
 * @returns a stable function sending `value` to everyone, or to one connection
 * @example
 * ```tsx
 * const sendChat = useSignal<{ text: string }>('chat', {
 *   decode: JSON.parse,
 *   encode: JSON.stringify,
 *   onReceived: (message) => setLines((lines) => [...lines, message]),
 * });
 * await sendChat({ text: 'hello' });
 * ```
 */
export function useSignal<T = string>(
  type: string,
  options: UseSignalOptions<T> = {},
): SendSignal<T> {
  const room = useRoom();
  const latest = useRef(options);
  latest.current = options;
  useEffect(
    () =>
      room.on('signalReceived', (signal) => {
        if (signal.type !== type) return;
        const { onReceived, decode, onInvalid } = latest.current;
        if (!onReceived) return;
        let data: T;
        try {
          data = decode ? decode(signal.data) : (signal.data as T);
        } catch (error) {
          if (onInvalid) onInvalid(error, signal);
          else console.warn(`useSignal("${type}"): a signal could not be decoded`, error);
          return;
        }
        onReceived({ type: signal.type, data, from: signal.from, isLocal: signal.isLocal });
      }),
    [room, type],
  );
  return useCallback(
    (value: T, to?: string | OTConnection) => {
      const encode = latest.current.encode ?? String;
      return sendSignal(room, { type, data: encode(value), ...(to === undefined ? {} : { to }) });
    },
    [room, type],
  );
}
