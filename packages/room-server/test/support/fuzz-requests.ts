// The fuzz corpus: random methods, paths, bodies and content types, shared by the fuzz test and the
// fast-path comparison.
import fc from 'fast-check';

const methods = fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD');
const segment = fc.oneof(
  fc.constantFrom(
    'standup',
    'a',
    'Room-1',
    '..',
    '.',
    '%',
    '%zz',
    '%2F',
    'x'.repeat(200),
    'émoji',
    ' ',
    'null',
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
);
const path = fc.oneof(
  fc.tuple(segment).map(([name]) => `/rooms/${name}/join`),
  fc.tuple(segment).map(([name]) => `/rooms/${name}`),
  fc.tuple(segment, segment).map(([name, id]) => `/rooms/${name}/connections/${id}`),
  fc
    .tuple(segment, fc.constantFrom('signal', 'mute', 'join', 'nope'))
    .map(([name, action]) => `/rooms/${name}/${action}`),
  fc.tuple(segment).map(([name]) => `/room/${name}`),
  fc.constantFrom(
    '/rooms',
    '/rooms?limit=0',
    '/rooms?limit=-1',
    '/rooms?limit=1e9',
    '/rooms?cursor=',
    '/session',
    '/webhooks/opentok',
    '/',
    '//rooms',
    '/rooms/',
  ),
  fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
);
const jsonValue = fc.jsonValue({ maxDepth: 3 });
const body = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 200 }),
  jsonValue.map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        role: fc.oneof(
          fc.constantFrom('publisher', 'subscriber', 'moderator', 'publisheronly', 'admin', ''),
          fc.anything(),
        ),
        data: fc.oneof(fc.string({ maxLength: 1200 }), fc.anything()),
        name: fc.oneof(fc.string({ maxLength: 150 }), fc.anything()),
        session: fc.oneof(
          fc.record(
            {
              mediaMode: fc.string(),
              archiveMode: fc.string(),
              e2ee: fc.anything(),
              location: fc.string(),
            },
            { requiredKeys: [] },
          ),
          fc.anything(),
        ),
        metadata: fc.anything(),
        type: fc.string({ maxLength: 200 }),
        excludedStreamIds: fc.anything(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v) ?? ''),
  fc.constant('x'.repeat(20_000)),
);
const contentType = fc.constantFrom(
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-8',
  '',
);
/** One random request. */
export const requestArb: fc.Arbitrary<{
  method: string;
  path: string;
  body: string | undefined;
  contentType: string;
}> = fc.record({ method: methods, path, body, contentType });
