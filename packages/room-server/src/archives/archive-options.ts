import { invalidArgument } from '../errors.js';
import type { ArchiveLayout, StartArchiveOptions } from './archive-types.js';

const LAYOUTS = [
  'bestFit',
  'pip',
  'verticalPresentation',
  'horizontalPresentation',
  'focus',
  'custom',
];
const RESOLUTIONS = ['640x480', '480x640', '1280x720', '720x1280', '1920x1080', '1080x1920'];
const START_KEYS = new Set([
  'name',
  'outputMode',
  'resolution',
  'layout',
  'hasAudio',
  'hasVideo',
  'streamMode',
  'maxDuration',
  'multiArchiveTag',
]);

/**
 * Checks a layout before it is sent.
 *
 * @param layout - the layout
 * @param field - the option's name, for errors
 * @returns the layout as OpenTok takes it
 * @throws RoomError `invalid_argument`
 */
export function checkLayout(layout: ArchiveLayout, field = 'layout'): ArchiveLayout {
  if (typeof layout !== 'object' || layout === null) {
    throw invalidArgument(field, `${field} must be an object with a type.`);
  }
  const { type, stylesheet, screenshareType } = layout;
  if (!LAYOUTS.includes(type)) {
    throw invalidArgument(`${field}.type`, `${field}.type must be one of ${LAYOUTS.join(', ')}.`);
  }
  if (type === 'custom' && (typeof stylesheet !== 'string' || stylesheet === '')) {
    throw invalidArgument(`${field}.stylesheet`, 'A custom layout needs a stylesheet.');
  }
  if (type !== 'custom' && stylesheet !== undefined) {
    throw invalidArgument(`${field}.stylesheet`, 'A stylesheet is only for the custom layout.');
  }
  if (screenshareType !== undefined) {
    if (!LAYOUTS.includes(screenshareType) || (screenshareType as string) === 'custom') {
      throw invalidArgument(
        `${field}.screenshareType`,
        'screenshareType must be a layout type other than custom.',
      );
    }
    if (type !== 'bestFit') {
      throw invalidArgument(`${field}.screenshareType`, 'screenshareType needs type "bestFit".');
    }
  }
  return {
    type,
    ...(stylesheet === undefined ? {} : { stylesheet }),
    ...(screenshareType === undefined ? {} : { screenshareType }),
  };
}

/**
 * Checks start options and builds OpenTok's request body (without `sessionId`).
 *
 * @param options - what the caller asked for
 * @returns the body fields
 * @throws RoomError `invalid_argument` naming the option at fault
 */
export function startArchiveBody(options: StartArchiveOptions): Record<string, unknown> {
  if (typeof options !== 'object' || options === null) {
    throw invalidArgument('options', 'Archive options must be an object.');
  }
  for (const key of Object.keys(options)) {
    if (!START_KEYS.has(key)) throw invalidArgument(key, `Unknown archive option "${key}".`);
  }
  const { name, outputMode, resolution, layout, hasAudio, hasVideo, streamMode } = options;
  if (name !== undefined && (typeof name !== 'string' || name.length > 256)) {
    throw invalidArgument('name', 'name must be a string of at most 256 characters.');
  }
  if (outputMode !== undefined && outputMode !== 'composed' && outputMode !== 'individual') {
    throw invalidArgument('outputMode', 'outputMode must be "composed" or "individual".');
  }
  if (streamMode !== undefined && streamMode !== 'auto' && streamMode !== 'manual') {
    throw invalidArgument('streamMode', 'streamMode must be "auto" or "manual".');
  }
  for (const [field, value] of [
    ['hasAudio', hasAudio],
    ['hasVideo', hasVideo],
  ] as const) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw invalidArgument(field, `${field} must be true or false.`);
    }
  }
  if (hasAudio === false && hasVideo === false) {
    throw invalidArgument('hasVideo', 'hasAudio and hasVideo cannot both be false.');
  }
  const individual = outputMode === 'individual';
  if (resolution !== undefined) {
    if (individual)
      throw invalidArgument('resolution', 'resolution is only for composed archives.');
    if (!RESOLUTIONS.includes(resolution)) {
      throw invalidArgument('resolution', `resolution must be one of ${RESOLUTIONS.join(', ')}.`);
    }
  }
  if (layout !== undefined && individual) {
    throw invalidArgument('layout', 'layout is only for composed archives.');
  }
  const { maxDuration, multiArchiveTag } = options;
  if (
    maxDuration !== undefined &&
    (!Number.isInteger(maxDuration) || maxDuration < 60 || maxDuration > 36_000)
  ) {
    throw invalidArgument(
      'maxDuration',
      'maxDuration must be an integer from 60 to 36000 seconds.',
    );
  }
  if (
    multiArchiveTag !== undefined &&
    (typeof multiArchiveTag !== 'string' || multiArchiveTag === '')
  ) {
    throw invalidArgument('multiArchiveTag', 'multiArchiveTag must be a non-empty string.');
  }
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (value !== undefined) body[key] = value;
  if (layout !== undefined) body.layout = checkLayout(layout);
  return body;
}
