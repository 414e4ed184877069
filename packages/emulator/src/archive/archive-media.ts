import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { writeResponse } from '../rest/http-io.js';
import { errorResponse } from '../rest/rest-types.js';
import { ARCHIVE_MEDIA_PREFIX, type ArchiveService } from './archive-service.js';

/**
 * Serves `GET {url}/v2/archive-media/{archiveId}/{file}`, the `url` of an available archive (like
 * OpenTok's pre-signed download URL, it needs no project token). Anything else under the prefix
 * answers a JSON error that says why, never a bare 404.
 *
 * @param archives - The archive service.
 * @param path - The request path (already known to start with the prefix).
 * @param response - Where to answer.
 * @internal
 */
export function serveArchiveMedia(
  archives: ArchiveService,
  path: string,
  response: ServerResponse,
): void {
  const [id = '', fileName = ''] = path.slice(ARCHIVE_MEDIA_PREFIX.length).split('/');
  const known = archives.get(id);
  if (!('ok' in known)) {
    writeResponse(response, errorResponse(404, `Archive ${id} does not exist (or was deleted).`));
    return;
  }
  const archive = archives.available(id);
  if (archive?.media === undefined || archive.media.fileName !== fileName) {
    const status = known.ok.status;
    writeResponse(
      response,
      errorResponse(
        409,
        status === 'available'
          ? `Archive ${id} is served as ${known.ok.media?.fileName}.`
          : `Archive ${id} has no file yet: its status is ${status}${known.ok.reason ? ` (${known.ok.reason})` : ''}.`,
      ),
    );
    return;
  }
  const { media } = archive;
  response.statusCode = 200;
  response.setHeader('Content-Type', media.contentType);
  response.setHeader('Content-Disposition', `attachment; filename="${media.fileName}"`);
  response.setHeader('Access-Control-Allow-Origin', '*');
  if (media.kind === 'generated') {
    // Not the session's media: the emulator had no media router recording for it.
    response.setHeader('X-Emulator-Placeholder', 'true');
    response.setHeader('Content-Length', media.bytes.length);
    response.end(media.bytes);
    return;
  }
  response.setHeader('Content-Length', archive.size);
  createReadStream(media.path)
    .on('error', () => response.destroy())
    .pipe(response);
}
