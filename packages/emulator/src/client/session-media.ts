import type { Stream } from './connection.js';
import { callUser, otError } from './ot-error.js';
import { type CompletionHandler, Publisher, type PublisherProperties } from './publisher.js';
import type { SessionCore } from './session-core.js';
import { Subscriber, type SubscriberProperties } from './subscriber.js';

/**
 * `session.publish`: sorts out the optional arguments, checks connection and role
 * synchronously, then hands the publisher the session's link.
 *
 * @param core - The session's state.
 * @param target - A Publisher, or where a new one goes (or the callback).
 * @param properties - Properties of a new publisher (or the callback).
 * @param callback - Completion handler.
 * @returns The publisher, or `null` when refused.
 * @internal
 */
export function publishInSession(
  core: SessionCore,
  target: Publisher | HTMLElement | string | undefined,
  properties: PublisherProperties | CompletionHandler | undefined,
  callback: CompletionHandler | undefined,
): Publisher | null {
  let done = callback;
  let props: PublisherProperties | undefined;
  if (typeof target === 'function') {
    done = target as CompletionHandler;
    target = undefined;
  }
  if (typeof properties === 'function') done = properties;
  else props = properties;
  if (!core.session.isConnected()) {
    callUser(
      done,
      otError('OT_NOT_CONNECTED', 1010, 'We need to be connected before you can publish'),
    );
    return null;
  }
  if (core.session.capabilities.publish !== 1) {
    callUser(
      done,
      otError(
        'OT_PERMISSION_DENIED',
        1500,
        'This token does not allow publishing. The role must be at least `publisher` to enable this functionality',
      ),
    );
    return null;
  }
  const publisher =
    target instanceof Publisher ? target : core.env.initPublisher(target, props, undefined);
  core.publishers.add(publisher);
  publisher._publishTo(core.link, done);
  return publisher;
}

/**
 * `session.subscribe`: sorts out the optional arguments, checks the connection synchronously,
 * then creates the subscriber (it asks the publisher for media itself).
 *
 * @param core - The session's state.
 * @param stream - A remote stream.
 * @param target - Where the video goes.
 * @param properties - Subscriber properties (or the callback).
 * @param callback - Completion handler.
 * @returns The subscriber, or `null` when not connected.
 * @internal
 */
export function subscribeInSession(
  core: SessionCore,
  stream: Stream,
  target: HTMLElement | string | undefined,
  properties: SubscriberProperties | CompletionHandler | undefined,
  callback: CompletionHandler | undefined,
): Subscriber | null {
  const done = typeof properties === 'function' ? properties : callback;
  const props = typeof properties === 'function' ? {} : (properties ?? {});
  if (!core.session.isConnected()) {
    callUser(
      done,
      otError('OT_NOT_CONNECTED', 1501, 'Session.subscribe :: Connection required to subscribe'),
    );
    return null;
  }
  const subscriber = new Subscriber(core.link, stream, target, props, done);
  core.subscribers.add(subscriber);
  return subscriber;
}
