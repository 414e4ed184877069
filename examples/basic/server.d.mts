import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator } from '@opentok-rooms/emulator';
import type { AuthorizeContext, AuthorizeResult } from '@opentok-rooms/room-server/http';

/** The example's policy: joins as publisher with an optional display name; listing rooms. */
export function authorize(request: Request, context: AuthorizeContext): AuthorizeResult;

/** A running example. */
export interface BasicExample {
  url: string;
  mode: 'emulator' | 'opentok' | 'vonage';
  /** Joining with this code (header `x-host-code`) makes you the host, who may record. */
  hostCode: string;
  /** The in-process emulator (absent with real OpenTok or Vonage), for tests. */
  emulator?: Emulator;
  close(): Promise<void>;
}

/**
 * Starts the example's server: real Vonage or OpenTok with credentials in `env`, the emulator
 * otherwise (as an OpenTok project, or a Vonage application with `emulatorAccount: 'vonage'`).
 */
export function startBasicExample(options?: {
  port?: number;
  host?: string;
  env?: Record<string, string | undefined>;
  /** The built app to serve (default: this example's `dist/`); examples/react passes its own. */
  dist?: string;
  emulatorAccount?: 'opentok' | 'vonage';
}): Promise<BasicExample>;

/** Exits 1 with one line naming `PORT` when `error` is EADDRINUSE; rethrows anything else. */
export function exitIfPortTaken(error: unknown, port: number): never;

export type { IncomingMessage, ServerResponse };
