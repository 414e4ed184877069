import type { VideoPlacement } from './types.js';

/** How a {@link VideoPlacement} translates to OpenTok's target element and insert properties. */
export function placementArgs<P extends object>(
  placement: VideoPlacement | undefined,
  properties: P | undefined,
): [target: HTMLElement | string | undefined, properties: P] {
  if (!placement) return [undefined, { ...properties } as P];
  if ('element' in placement)
    return [placement.element, { ...properties, insertMode: 'replace' } as P];
  if ('container' in placement) {
    return [placement.container, { ...properties, insertMode: 'append' } as P];
  }
  return [undefined, { ...properties, insertDefaultUI: false } as P];
}
