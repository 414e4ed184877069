import { configDefaults, defineProject } from 'vitest/config';
import e2e from './vitest.config.js';

// The routed-media tests forward up to 30 camera streams through the emulator's pure-JS media
// router while 6 Chromium pages encode and decode them. Sharing 2 cores with every other
// project's tests starved pages and router alike, so this project runs alone: a higher group
// order runs once the package tests (group 0, in parallel) have finished, and before the other
// browser projects, which vitest runs one file at a time after every numbered group.
export default defineProject({
  test: {
    ...e2e.test,
    name: 'e2e-media-router',
    include: ['test/media-router.test.ts'],
    exclude: configDefaults.exclude,
    sequence: { groupOrder: 1 },
  },
});
