/** A session created on the emulator, as {@link Emulator.sessions} reports it. */
export interface EmulatedSession {
  /** The session id returned to the SDK. */
  sessionId: string;
  /** `relayed` (peer to peer, `p2p.preference=enabled`) or `routed` (through the media router). */
  mediaMode: 'relayed' | 'routed';
  /** `manual` or `always` (archived as soon as a client publishes; needs `routed`). */
  archiveMode: 'manual' | 'always';
  /** Whether end-to-end encryption was requested (needs `routed`). */
  e2ee: boolean;
  /** The IPv4 location hint, when given. */
  location?: string;
  /** Creation time in milliseconds since the epoch. */
  createdAt: number;
}
