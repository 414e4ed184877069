// The fake, the real SDK and our structural OT types must agree. This file is type-checked by
// `pnpm run typecheck` (tsc covers test/); the runtime test only makes vitest collect it.
import type OT from '@opentok/client';
import { expect, it } from 'vitest';
import type { OTConnection, OTError, OTEvent, OTLike, OTSession, OTStream } from '../src/index.js';
import {
  createFakeOT,
  type FakeConnection,
  type FakeConnectionEvent,
  type FakeOTError,
  type FakeSessionDisconnectEvent,
  type FakeSignalEvent,
  type FakeStream,
  type FakeStreamEvent,
} from '../src/testing/index.js';

type Assert<T extends true> = T;
type Extends<A, B> = [A] extends [B] ? true : false;

// 1. The real SDK fits the structural OTLike that createRoomClient takes, and so does the fake.
export type RealOTFits = Assert<Extends<typeof OT, OTLike>>;
export type FakeOTFits = Assert<Extends<ReturnType<typeof createFakeOT>, OTLike>>;
export type RealSessionFits = Assert<Extends<OT.Session, OTSession>>;

// 2. The fake's data objects have the real classes' shapes.
export type ConnectionShape = Assert<Extends<FakeConnection, OT.Connection>>;
export type StreamShape = Assert<Extends<FakeStream, OT.Stream>>;
export type ErrorShape = Assert<Extends<FakeOTError, OT.OTError>>;
export type RealStreamFitsOurs = Assert<Extends<OT.Stream, OTStream>>;
export type RealConnectionFitsOurs = Assert<Extends<OT.Connection, OTConnection>>;
export type RealErrorFitsOurs = Assert<Extends<OT.OTError, OTError>>;

// 3. The fake's events carry what the real events carry.
type RealEvent<Type extends string> = Omit<OT.Event<Type, unknown>, 'target'>;
export type ConnectionEventShape = Assert<
  Extends<FakeConnectionEvent, RealEvent<string> & { connection: OT.Connection }>
>;
export type StreamEventShape = Assert<
  Extends<FakeStreamEvent, RealEvent<string> & { stream: OT.Stream }>
>;
export type DisconnectEventShape = Assert<
  Extends<FakeSessionDisconnectEvent, RealEvent<string> & { reason: string }>
>;
export type SignalEventShape = Assert<
  Extends<FakeSignalEvent, RealEvent<string> & { data?: string; from: OT.Connection | null }>
>;
export type RealEventFitsOurs = Assert<Extends<RealEvent<'x'>, OTEvent>>;

// 4. The fake accepts the real methods' arguments.
const fake = createFakeOT();
const session = fake.initSession('k', 's');
export const initSession: (...args: Parameters<typeof OT.initSession>) => unknown =
  fake.initSession;
export const initPublisher: (...args: Parameters<typeof OT.initPublisher>) => unknown =
  fake.initPublisher;
export const connect: (...args: Parameters<OT.Session['connect']>) => unknown =
  session.connect.bind(session);
export const signal: (...args: Parameters<OT.Session['signal']>) => unknown =
  session.signal.bind(session);
export const subscribe: (...args: Parameters<OT.Session['subscribe']>) => unknown =
  session.subscribe.bind(session);
export const disconnect: () => Promise<void> = session.disconnect.bind(session);

it('type-level checks compile (see pnpm run typecheck)', () => {
  expect(typeof initSession).toBe('function');
});
