/**
 * How long an archive may go without a published stream before it stops, in milliseconds. The
 * defaults are OpenTok's documented figures.
 */
export interface ArchivePauseTimeouts {
  /**
   * While no client is connected to the session, or while nobody has published since the
   * archive started ("a client must start publishing within one minute or the archive stops").
   * Default 60 000.
   */
  unattendedMs?: number;
  /**
   * While clients stay connected but none publishes any more (the archive is `paused`). Default
   * 3 600 000 (OpenTok's support guide: 60 minutes).
   */
  idleMs?: number;
}

/** The timeouts with their defaults filled in. @internal */
export type ResolvedPauseTimeouts = Required<ArchivePauseTimeouts>;

/**
 * Fills in OpenTok's defaults and checks the values.
 *
 * @param timeouts - What the emulator's options gave.
 * @returns Both timeouts.
 * @throws RangeError for a negative or non-finite value.
 * @internal
 */
export function resolvePauseTimeouts(timeouts: ArchivePauseTimeouts = {}): ResolvedPauseTimeouts {
  const resolved = {
    unattendedMs: timeouts.unattendedMs ?? 60_000,
    idleMs: timeouts.idleMs ?? 3_600_000,
  };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`archivePauseTimeouts.${key} must be a non-negative number of ms.`);
    }
  }
  return resolved;
}

/** What decides an archive's fate while its session publishes nothing. @internal */
export interface NoStreamState {
  /** Whether any client is connected to the session. */
  readonly connected: boolean;
  /** Whether any stream was published while the archive recorded. */
  readonly everPublished: boolean;
}

/**
 * The timeout that applies now, and the stop reason it ends with.
 *
 * @param timeouts - The resolved timeouts.
 * @param state - Who is connected, and whether anyone published.
 * @returns Which timeout (its clock restarts when this changes), its length, and the `reason`
 *   the archive is stopped with.
 * @internal
 */
export function noStreamTimeout(
  timeouts: ResolvedPauseTimeouts,
  state: NoStreamState,
): { readonly kind: 'unattended' | 'idle'; readonly ms: number; readonly reason: string } {
  const unattended = { kind: 'unattended', ms: timeouts.unattendedMs } as const;
  if (!state.connected) return { ...unattended, reason: 'all clients disconnected' };
  if (!state.everPublished) return { ...unattended, reason: 'no stream published' };
  return { kind: 'idle', ms: timeouts.idleMs, reason: 'no stream published' };
}
