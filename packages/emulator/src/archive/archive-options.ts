import type { EmulatedArchiveLayout } from './archive-model.js';

/** What `POST /v2/project/{apiKey}/archive` asked for, checked. @internal */
export interface StartArchiveInput {
  readonly sessionId: string;
  readonly name: string | null;
  readonly outputMode: 'composed' | 'individual';
  readonly streamMode: 'auto' | 'manual';
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
  readonly resolution: string | undefined;
  readonly layout: EmulatedArchiveLayout | undefined;
  readonly multiArchiveTag: string | undefined;
  readonly maxDuration: number;
}

/** Resolutions OpenTok accepts for composed archives (landscape and portrait). @internal */
export const ARCHIVE_RESOLUTIONS: readonly string[] = [
  '640x480',
  '480x640',
  '1280x720',
  '720x1280',
  '1920x1080',
  '1080x1920',
];

/** Layout types of composed archives. @internal */
export const LAYOUT_TYPES: readonly string[] = [
  'bestFit',
  'pip',
  'verticalPresentation',
  'horizontalPresentation',
  'focus',
  'custom',
];

/** `maxDuration` bounds, in seconds (OpenTok: 60 s to 10 h, default 4 h). @internal */
export const MAX_DURATION_RANGE = { min: 60, max: 36_000, default: 14_400 } as const;

/** An input error: the message of a 400 answer. @internal */
export interface InputError {
  readonly invalid: string;
}

function optionalBoolean(value: unknown, field: string, fallback: boolean): boolean | InputError {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') return { invalid: `${field} must be a boolean.` };
  return value;
}

/**
 * Checks a layout object (start's `layout`, or the body of the layout route).
 *
 * @param value - The raw value.
 * @returns The layout, or why it is invalid.
 * @internal
 */
export function parseLayout(value: unknown): EmulatedArchiveLayout | InputError {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { invalid: 'layout must be an object with a type.' };
  }
  const { type, stylesheet, screenshareType } = value as Record<string, unknown>;
  if (typeof type !== 'string' || !LAYOUT_TYPES.includes(type)) {
    return { invalid: `layout type must be one of ${LAYOUT_TYPES.join(', ')}.` };
  }
  if (stylesheet !== undefined && stylesheet !== null && typeof stylesheet !== 'string') {
    return { invalid: 'layout stylesheet must be a string.' };
  }
  if (type === 'custom' && (typeof stylesheet !== 'string' || stylesheet.length === 0)) {
    return { invalid: 'A custom layout needs a stylesheet.' };
  }
  if (type !== 'custom' && typeof stylesheet === 'string' && stylesheet.length > 0) {
    return { invalid: 'A stylesheet is only allowed with the custom layout type.' };
  }
  if (screenshareType !== undefined && screenshareType !== null) {
    if (typeof screenshareType !== 'string' || !LAYOUT_TYPES.includes(screenshareType)) {
      return { invalid: `screenshareType must be one of ${LAYOUT_TYPES.join(', ')}.` };
    }
    if (type !== 'bestFit') return { invalid: 'screenshareType needs the layout type bestFit.' };
  }
  const layout: EmulatedArchiveLayout = { type };
  if (typeof stylesheet === 'string' && stylesheet.length > 0) layout.stylesheet = stylesheet;
  if (typeof screenshareType === 'string') layout.screenshareType = screenshareType;
  return layout;
}

/**
 * Checks the body of a start-archive request, as OpenTok would.
 *
 * @param body - The JSON body.
 * @returns The input, or why it is invalid.
 * @internal
 */
export function parseStartArchive(body: Record<string, unknown>): StartArchiveInput | InputError {
  const { sessionId, name, outputMode = 'composed', streamMode = 'auto' } = body;
  if (typeof sessionId !== 'string' || sessionId.length === 0) {
    return { invalid: 'sessionId is required.' };
  }
  if (name !== undefined && name !== null && (typeof name !== 'string' || name.length > 256)) {
    return { invalid: 'name must be a string of at most 256 characters.' };
  }
  if (outputMode !== 'composed' && outputMode !== 'individual') {
    return { invalid: 'outputMode must be "composed" or "individual".' };
  }
  if (streamMode !== 'auto' && streamMode !== 'manual') {
    return { invalid: 'streamMode must be "auto" or "manual".' };
  }
  const hasAudio = optionalBoolean(body.hasAudio, 'hasAudio', true);
  if (typeof hasAudio !== 'boolean') return hasAudio;
  const hasVideo = optionalBoolean(body.hasVideo, 'hasVideo', true);
  if (typeof hasVideo !== 'boolean') return hasVideo;
  if (!hasAudio && !hasVideo) return { invalid: 'hasAudio and hasVideo cannot both be false.' };

  let resolution: string | undefined;
  if (body.resolution !== undefined && body.resolution !== null) {
    if (outputMode !== 'composed') return { invalid: 'resolution is only for composed archives.' };
    if (typeof body.resolution !== 'string' || !ARCHIVE_RESOLUTIONS.includes(body.resolution)) {
      return { invalid: `resolution must be one of ${ARCHIVE_RESOLUTIONS.join(', ')}.` };
    }
    resolution = body.resolution;
  } else if (outputMode === 'composed') {
    resolution = '640x480';
  }

  let layout: EmulatedArchiveLayout | undefined;
  if (body.layout !== undefined && body.layout !== null) {
    if (outputMode !== 'composed') return { invalid: 'layout is only for composed archives.' };
    const parsed = parseLayout(body.layout);
    if ('invalid' in parsed) return parsed;
    layout = parsed;
  }

  const { multiArchiveTag } = body;
  if (
    multiArchiveTag !== undefined &&
    multiArchiveTag !== null &&
    (typeof multiArchiveTag !== 'string' || multiArchiveTag.length === 0)
  ) {
    return { invalid: 'multiArchiveTag must be a non-empty string.' };
  }

  let maxDuration: number = MAX_DURATION_RANGE.default;
  if (body.maxDuration !== undefined && body.maxDuration !== null) {
    const value = body.maxDuration;
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < MAX_DURATION_RANGE.min ||
      value > MAX_DURATION_RANGE.max
    ) {
      return {
        invalid: `maxDuration must be an integer from ${MAX_DURATION_RANGE.min} to ${MAX_DURATION_RANGE.max} seconds.`,
      };
    }
    maxDuration = value;
  }

  return {
    sessionId,
    name: typeof name === 'string' ? name : null,
    outputMode,
    streamMode,
    hasAudio,
    hasVideo,
    resolution,
    layout,
    multiArchiveTag: typeof multiArchiveTag === 'string' ? multiArchiveTag : undefined,
    maxDuration,
  };
}
