import type { WireArchive } from '../protocol.js';
import { createEvent } from './ot-event.js';
import type { SessionCore } from './session-core.js';

/** The archives a session knows, by id (the real SDK's `session.archives` collection). */
const known = new WeakMap<SessionCore, Map<string, WireArchive>>();

function archivesOf(core: SessionCore): Map<string, WireArchive> {
  let archives = known.get(core);
  if (archives === undefined) {
    archives = new Map();
    known.set(core, archives);
  }
  return archives;
}

function dispatchArchive(core: SessionCore, type: string, archive: WireArchive): void {
  const { id, name, status } = archive;
  core.dispatch(createEvent(type, core.session, { id, name, status, archive: { ...archive } }));
}

/**
 * After the initial burst of a connect: `archiveStarted` for every archive already recording the
 * session, as `@opentok/client` does (its `archives._triggerAddEvents()` runs after the
 * connections' and streams').
 *
 * @param core - The session's state.
 * @param archives - The recording archives the connect reply listed.
 * @internal
 */
export function dispatchInitialArchives(
  core: SessionCore,
  archives: readonly WireArchive[] = [],
): void {
  const map = archivesOf(core);
  map.clear();
  for (const archive of archives) map.set(archive.id, archive);
  for (const archive of archives) dispatchArchive(core, 'archiveStarted', archive);
}

/**
 * An archive of the session changed: a new one dispatches `archiveStarted`; a known one whose
 * status becomes `stopped` dispatches `archiveStopped`, any other change `archiveUpdated`.
 *
 * @param core - The session's state.
 * @param archive - The archive as the emulator sent it.
 * @internal
 */
export function onArchiveMessage(core: SessionCore, archive: WireArchive): void {
  const map = archivesOf(core);
  const before = map.get(archive.id);
  map.set(archive.id, archive);
  if (before === undefined) {
    if (archive.status === 'started' || archive.status === 'paused') {
      dispatchArchive(core, 'archiveStarted', archive);
    }
    return;
  }
  if (before.status === archive.status) return;
  dispatchArchive(
    core,
    archive.status === 'stopped' ? 'archiveStopped' : 'archiveUpdated',
    archive,
  );
}
