import { invalidArgument, isRoomError, RoomError } from '../errors.js';
import { type BackoffOptions, backoffDelay } from '../opentok/backoff.js';
import { assertRoomName } from '../room-name.js';
import type { RoomRecord, RoomStore } from '../store/room-store.js';
import { isArchiveRecording, parseArchive } from './archive-json.js';
import { checkLayout, startArchiveBody } from './archive-options.js';
import type { ArchiveAnswer, ArchiveRequest, ArchiveTransport } from './archive-transport.js';
import type { Archive, ArchivePage, RoomArchiveMethods } from './archive-types.js';

/** Retry policy of the archive calls (the room server's `opentok` options). */
export interface ArchiveRetryPolicy extends BackoffOptions {
  retries: number;
}

/** Whether trying again may help: the answer was lost or the platform failed. */
function retryable(error: unknown): boolean {
  return isRoomError(error) && (error.code === 'timeout' || error.code === 'opentok_unavailable');
}

/**
 * Maps an archive API answer that is not 2xx to a RoomError.
 *
 * @param what - the call
 * @param answer - status and body
 * @param notFound - what a 404 means for this call
 * @param conflict - what a 409 means for this call
 * @returns the error
 */
function statusError(
  what: string,
  answer: ArchiveAnswer,
  notFound: string,
  conflict: string,
): RoomError {
  const { status } = answer;
  if (status === 404) return new RoomError('not_found', `${what}: ${notFound}`);
  if (status === 409) return new RoomError('conflict', `${what}: ${conflict}`);
  if (status === 405) {
    return new RoomError(
      'invalid_argument',
      `${what}: the archive does not use streamMode "manual".`,
      {
        field: 'streamMode',
      },
    );
  }
  if (status === 400) {
    return new RoomError('invalid_argument', `${what}: OpenTok rejected the request (400).`);
  }
  if (status === 401 || status === 403) {
    return new RoomError(
      'opentok_auth',
      `${what}: OpenTok rejected the API key or secret. Check OPENTOK_API_KEY and OPENTOK_API_SECRET.`,
    );
  }
  if (status >= 500) {
    return new RoomError(
      'opentok_unavailable',
      `${what}: OpenTok answered ${status}. Try again later.`,
    );
  }
  return new RoomError(
    'opentok_bad_response',
    `${what}: OpenTok answered an unexpected ${status}.`,
  );
}

function assertArchiveId(archiveId: string): void {
  if (typeof archiveId !== 'string' || archiveId === '' || archiveId.length > 256) {
    throw invalidArgument('archiveId', 'archiveId must be an archive id.');
  }
}

function assertStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId === '' || streamId.length > 256) {
    throw invalidArgument('streamId', 'streamId must be a stream id.');
  }
}

const SESSION_ID = /^[12]_[A-Za-z0-9_-]{8,253}$/;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The archive methods of a room server, over the archive transport.
 *
 * @param store - the guarded store (rooms by name)
 * @param transport - the archive REST transport
 * @param apiKey - the project, for paths
 * @param policy - retries and backoff
 * @returns the methods of {@link RoomArchiveMethods}
 */
export function createArchiveMethods(
  store: RoomStore,
  transport: ArchiveTransport,
  apiKey: string,
  policy: ArchiveRetryPolicy,
): RoomArchiveMethods {
  const base = `/v2/project/${encodeURIComponent(apiKey)}/archive`;
  const archivePath = (id: string, rest = ''): string => `${base}/${encodeURIComponent(id)}${rest}`;

  /** Sends one request; a 5xx becomes a thrown (retryable) error, other statuses are answered. */
  async function send(request: ArchiveRequest): Promise<ArchiveAnswer> {
    const answer = await transport(request);
    if (answer.status >= 500) throw statusError(request.what, answer, '', '');
    return answer;
  }

  /**
   * Runs an idempotent call with retries. `afterLoss` reads what a non-2xx answer means when an
   * earlier attempt may have done the work (its answer was lost).
   */
  async function idempotent<T>(
    request: ArchiveRequest,
    onAnswer: (answer: ArchiveAnswer, earlierAttemptLost: boolean) => Promise<T> | T,
  ): Promise<T> {
    let lost = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await onAnswer(await send(request), lost);
      } catch (error) {
        if (!retryable(error) || attempt >= policy.retries) throw error;
        lost = true;
        await sleep(backoffDelay(attempt, policy));
      }
    }
  }

  async function roomOf(name: string): Promise<RoomRecord> {
    assertRoomName(name);
    const room = await store.get(name);
    if (!room) throw new RoomError('not_found', `Room "${name}" does not exist.`);
    return room;
  }

  async function listSession(
    sessionId: string,
    offset: number,
    count: number,
  ): Promise<ArchivePage> {
    const query = new URLSearchParams({ sessionId, offset: String(offset), count: String(count) });
    return idempotent(
      { method: 'GET', path: `${base}?${query}`, what: 'OpenTok listArchives' },
      (answer) => pageOf(answer),
    );
  }

  function pageOf(answer: ArchiveAnswer): ArchivePage {
    if (answer.status !== 200) {
      throw statusError('OpenTok listArchives', answer, 'not found.', 'conflict.');
    }
    const body = (answer.body ?? {}) as { count?: unknown; items?: unknown };
    const items = Array.isArray(body.items)
      ? body.items.map((item) => parseArchive(item, 'OpenTok listArchives'))
      : [];
    return { count: typeof body.count === 'number' ? body.count : items.length, items };
  }

  /** A recording archive of the session that an attempt whose answer was lost may have started. */
  async function adoptable(
    sessionId: string,
    name: string | undefined,
  ): Promise<Archive | undefined> {
    const page = await listSession(sessionId, 0, 50);
    return page.items.find((archive) => isArchiveRecording(archive) && archive.name === name);
  }

  async function getArchive(archiveId: string): Promise<Archive> {
    assertArchiveId(archiveId);
    const request: ArchiveRequest = {
      method: 'GET',
      path: archivePath(archiveId),
      what: 'OpenTok getArchive',
    };
    return idempotent(request, (answer) => {
      if (answer.status === 200) return parseArchive(answer.body, 'OpenTok getArchive');
      throw statusError(
        'OpenTok getArchive',
        answer,
        `there is no archive ${archiveId}.`,
        'conflict.',
      );
    });
  }

  /** The session to record, checked: a room must be routed and not end-to-end encrypted. */
  async function sessionToRecord(
    target: string | { sessionId: string },
  ): Promise<{ sessionId: string; label: string }> {
    if (typeof target === 'object' && target !== null) {
      const { sessionId } = target;
      if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) {
        throw invalidArgument('sessionId', 'sessionId must be an OpenTok session id.');
      }
      return { sessionId, label: `session ${sessionId}` };
    }
    const room = await roomOf(target);
    if (room.sessionOptions.mediaMode !== 'routed') {
      throw invalidArgument(
        'room',
        `Room "${target}" is relayed (peer to peer): OpenTok records only routed sessions.`,
      );
    }
    if (room.sessionOptions.e2ee) {
      throw invalidArgument(
        'room',
        `Room "${target}" is end-to-end encrypted: OpenTok cannot record such sessions.`,
      );
    }
    return { sessionId: room.sessionId, label: `room "${target}"` };
  }

  return {
    async startArchive(target, options = {}) {
      const body = startArchiveBody(options);
      const { sessionId, label } = await sessionToRecord(target);
      const request: ArchiveRequest = {
        method: 'POST',
        path: base,
        body: { sessionId, ...body },
        what: 'OpenTok startArchive',
      };
      const name = typeof body.name === 'string' ? body.name : undefined;
      // Start is not idempotent: after a lost answer, look before trying again.
      let lost = false;
      for (let attempt = 0; ; attempt++) {
        try {
          const answer = await send(request);
          if (answer.status === 200) return parseArchive(answer.body, 'OpenTok startArchive');
          if (answer.status === 409 && lost) {
            const adopted = await adoptable(sessionId, name);
            if (adopted) return adopted;
          }
          throw statusError(
            'OpenTok startArchive',
            answer,
            `no client is connected to ${label} yet (OpenTok records a session only while someone is in it).`,
            `${label} is already being recorded.`,
          );
        } catch (error) {
          if (!retryable(error)) throw error;
          lost = true;
          const adopted = await adoptable(sessionId, name);
          if (adopted) return adopted;
          if (attempt >= policy.retries) throw error;
          await sleep(backoffDelay(attempt, policy));
        }
      }
    },

    async stopArchive(archiveId) {
      assertArchiveId(archiveId);
      const request: ArchiveRequest = {
        method: 'POST',
        path: archivePath(archiveId, '/stop'),
        body: {},
        what: 'OpenTok stopArchive',
      };
      return idempotent(request, async (answer, lost) => {
        if (answer.status === 200) return parseArchive(answer.body, 'OpenTok stopArchive');
        if (answer.status === 409 && lost) {
          // The lost attempt stopped it: answer the stopped archive.
          const archive = await getArchive(archiveId);
          if (!isArchiveRecording(archive)) return archive;
        }
        throw statusError(
          'OpenTok stopArchive',
          answer,
          `there is no archive ${archiveId}.`,
          `archive ${archiveId} is not being recorded.`,
        );
      });
    },

    getArchive,

    async listArchives(options = {}) {
      if (typeof options !== 'object' || options === null) {
        throw invalidArgument('options', 'List options must be an object.');
      }
      const { offset = 0, count = 50, room } = options;
      if (!Number.isInteger(offset) || offset < 0) {
        throw invalidArgument('offset', 'offset must be a non-negative integer.');
      }
      if (!Number.isInteger(count) || count < 1 || count > 1000) {
        throw invalidArgument('count', 'count must be an integer from 1 to 1000.');
      }
      if (room !== undefined) return listSession((await roomOf(room)).sessionId, offset, count);
      const query = new URLSearchParams({ offset: String(offset), count: String(count) });
      return idempotent(
        { method: 'GET', path: `${base}?${query}`, what: 'OpenTok listArchives' },
        pageOf,
      );
    },

    async deleteArchive(archiveId) {
      assertArchiveId(archiveId);
      const request: ArchiveRequest = {
        method: 'DELETE',
        path: archivePath(archiveId),
        what: 'OpenTok deleteArchive',
      };
      await idempotent(request, (answer, lost) => {
        if (answer.status === 204 || answer.status === 200) return;
        if (answer.status === 404 && lost) return; // the lost attempt deleted it
        throw statusError(
          'OpenTok deleteArchive',
          answer,
          `there is no archive ${archiveId}.`,
          `archive ${archiveId} is still being recorded or processed: stop it and wait until it is available.`,
        );
      });
    },

    async setArchiveLayout(archiveId, layout) {
      assertArchiveId(archiveId);
      const checked = checkLayout(layout);
      const request: ArchiveRequest = {
        method: 'PUT',
        path: archivePath(archiveId, '/layout'),
        body: checked,
        what: 'OpenTok setArchiveLayout',
      };
      await idempotent(request, (answer) => {
        if (answer.status >= 200 && answer.status < 300) return;
        throw statusError(
          'OpenTok setArchiveLayout',
          answer,
          `there is no archive ${archiveId}.`,
          `archive ${archiveId} is not being recorded.`,
        );
      });
    },

    async addArchiveStream(archiveId, streamId, streamOptions = {}) {
      assertArchiveId(archiveId);
      assertStreamId(streamId);
      const { hasAudio = true, hasVideo = true } = streamOptions;
      if (typeof hasAudio !== 'boolean' || typeof hasVideo !== 'boolean') {
        throw invalidArgument('hasAudio', 'hasAudio and hasVideo must be true or false.');
      }
      const request: ArchiveRequest = {
        method: 'PATCH',
        path: archivePath(archiveId, '/streams'),
        body: { addStream: streamId, hasAudio, hasVideo },
        what: 'OpenTok addArchiveStream',
      };
      await idempotent(request, (answer) => {
        if (answer.status >= 200 && answer.status < 300) return;
        throw statusError(
          'OpenTok addArchiveStream',
          answer,
          `there is no archive ${archiveId} or no stream ${streamId} in its session.`,
          `archive ${archiveId} is not being recorded.`,
        );
      });
    },

    async removeArchiveStream(archiveId, streamId) {
      assertArchiveId(archiveId);
      assertStreamId(streamId);
      const request: ArchiveRequest = {
        method: 'PATCH',
        path: archivePath(archiveId, '/streams'),
        body: { removeStream: streamId },
        what: 'OpenTok removeArchiveStream',
      };
      await idempotent(request, (answer, lost) => {
        if (answer.status >= 200 && answer.status < 300) return;
        if (answer.status === 404 && lost) return;
        throw statusError(
          'OpenTok removeArchiveStream',
          answer,
          `there is no archive ${archiveId}, or stream ${streamId} is not in it.`,
          `archive ${archiveId} is not being recorded.`,
        );
      });
    },
  } satisfies RoomArchiveMethods;
}
