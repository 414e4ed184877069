import { skipWithoutChromium } from '@opentok-rooms/browser-testkit';

export {
  CHROMIUM_PATH,
  hasChromium,
  launchChromium,
  newMediaContext,
} from '@opentok-rooms/browser-testkit';

/**
 * Browser tests skip (with a message) when Chromium is absent on a developer machine, and fail
 * on CI, where a missing browser is a broken setup.
 */
export const skipBrowserTests: boolean = skipWithoutChromium('e2e');
