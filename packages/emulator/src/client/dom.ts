/** Where and how a Publisher or Subscriber puts its element (like `@opentok/client`). */
export interface WidgetOptions {
  /** `replace` (default), `after`, `before` or `append`, relative to the target element. */
  insertMode?: 'replace' | 'after' | 'before' | 'append';
  /** `false`: insert nothing; take the `<video>` from the `videoElementCreated` event. */
  insertDefaultUI?: boolean;
  /** CSS width (number = px). Default `100%`. */
  width?: string | number;
  /** CSS height (number = px). Default `100%`. */
  height?: string | number;
  /** `cover` (default) or `contain`. */
  fitMode?: 'cover' | 'contain';
}

/**
 * Finds or makes the widget element as `@opentok/client` does: with `replace` (the default) the
 * target itself, emptied; with `append`/`before`/`after` a new `div` put there; without a target
 * (or an id not in the page) a new `div` appended to `document.body`.
 *
 * @param target - Element, element id, or nothing.
 * @param insertMode - Where the widget goes.
 * @param id - Id for a new element.
 * @returns The widget element.
 * @internal
 */
export function widgetElement(
  target: HTMLElement | string | undefined,
  insertMode: WidgetOptions['insertMode'],
  id: string,
): HTMLElement {
  const container = typeof target === 'string' ? document.getElementById(target) : (target ?? null);
  const created = document.createElement('div');
  created.id = id;
  if (container === null) {
    document.body.appendChild(created);
    return created;
  }
  switch (insertMode ?? 'replace') {
    case 'append':
      container.appendChild(created);
      return created;
    case 'before':
      container.before(created);
      return created;
    case 'after':
      container.after(created);
      return created;
    default:
      container.replaceChildren();
      if (container.id === '') container.id = id;
      return container;
  }
}

function size(value: string | number | undefined): string {
  if (value === undefined) return '100%';
  return typeof value === 'number' ? `${value}px` : value;
}

/**
 * Creates the widget: a container `div` (class `OT_root` plus `className`) holding a `<video>`,
 * inserted relative to the target unless `insertDefaultUI` is `false`.
 *
 * @param target - The target element or id.
 * @param options - Insert mode, size, fit.
 * @param className - `OT_publisher` or `OT_subscriber`.
 * @param id - The widget's element id.
 * @returns The container (or `undefined` without default UI) and the video element.
 * @internal
 */
export function createWidget(
  target: HTMLElement | string | undefined,
  options: WidgetOptions,
  className: string,
  id: string,
): { element: HTMLElement | undefined; video: HTMLVideoElement } {
  const video = document.createElement('video');
  video.autoplay = true;
  video.playsInline = true;
  video.setAttribute('playsinline', '');
  video.style.width = '100%';
  video.style.height = '100%';
  video.style.objectFit = options.fitMode ?? 'cover';
  if (options.insertDefaultUI === false) return { element: undefined, video };

  const element = widgetElement(target, options.insertMode, id);
  element.classList.add('OT_root', className);
  element.style.width = size(options.width);
  element.style.height = size(options.height);
  element.style.overflow = 'hidden';
  element.appendChild(video);
  return { element, video };
}

/**
 * Starts a video element; when the browser blocks unmuted autoplay, retries muted.
 *
 * @param video - The element.
 * @param onAudioBlocked - Called when it had to be muted to play.
 * @internal
 */
export function playVideo(video: HTMLVideoElement, onAudioBlocked?: () => void): void {
  video.play().catch((error: unknown) => {
    if ((error as { name?: string }).name !== 'NotAllowedError' || video.muted) return;
    video.muted = true;
    onAudioBlocked?.();
    video.play().catch(() => undefined);
  });
}

let counter = 0;

/**
 * A page-unique id for widgets (`OT_` + random + counter).
 *
 * @returns The id.
 * @internal
 */
export function uniqueId(): string {
  counter += 1;
  return `OT_${Math.random().toString(36).slice(2, 10)}${counter}`;
}
