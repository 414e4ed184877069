import { writeFile } from 'node:fs/promises';
import { type Emulator, startEmulator } from '@opentok-rooms/emulator';
import { createRoomServer } from '@opentok-rooms/room-server';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowserTests } from './helpers/chromium.js';
import { mediaPath, peerDiagnosis, WATCH_PEER_CONNECTIONS } from './helpers/peer-connections.js';
import { sleep, waitFor } from './helpers/poll.js';
import { openRoomPage, type RoomPage } from './helpers/room-page.js';
import { fixture, type StaticServer, startStaticServer } from './helpers/static-server.js';

const SCREENSHOTS = new URL('../test-results/media-router/', import.meta.url);
describe.skipIf(skipBrowserTests)('routed sessions through the emulator’s media router', () => {
  let emulator: Emulator;
  let site: StaticServer;
  let browser: Browser;
  let routed: ReturnType<typeof createRoomServer>;
  let relayed: ReturnType<typeof createRoomServer>;
  const pages: RoomPage[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ reconnectWindowMs: 10_000 });
    const credentials = {
      apiKey: emulator.apiKey,
      apiSecret: emulator.apiSecret,
      apiUrl: emulator.url,
    };
    routed = createRoomServer({ ...credentials, sessionDefaults: { mediaMode: 'routed' } });
    relayed = createRoomServer({ ...credentials, sessionDefaults: { mediaMode: 'relayed' } });
    site = await startStaticServer([
      {
        path: '/room.html',
        contentType: 'text/html; charset=utf-8',
        body: async () => (await fixture('room.html')).replace('%OT_SCRIPT%', emulator.scriptUrl),
      },
    ]);
    // The emulator (in this process) stands in for OpenTok's servers, which never share a CPU
    // with the browsers: at nice 10 the pages cannot starve its router (docs/benchmarks.md,
    // "Chromium at nice 10"). This project runs alone, so only the emulator is favoured.
    browser = await launchChromium({ niceness: 10 });
  });

  afterEach(async () => {
    for (const page of pages) expect(page.pageErrors()).toEqual([]);
    await Promise.all(pages.splice(0).map((page) => page.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await emulator?.close();
  });

  const join = async (
    rooms: typeof routed,
    room: string,
    count: number,
    publisherProperties: Record<string, unknown> = {},
    sessionOptions: Record<string, unknown> = {},
  ): Promise<RoomPage[]> => {
    const opened = await Promise.all(
      Array.from({ length: count }, () =>
        openRoomPage(browser, `${site.url}/room.html`, WATCH_PEER_CONNECTIONS),
      ),
    );
    pages.push(...opened);
    for (const [index, page] of opened.entries()) {
      const credentials = await rooms.joinRoom(room, { data: `page=${index}` });
      const result = await page.join({ ...credentials, publisherProperties, sessionOptions });
      expect(result.error).toBeUndefined();
    }
    return opened;
  };

  // One at a time, with room: on a loaded machine a screenshot waits long for fonts.
  const screenshots = async (label: string, shown: readonly RoomPage[]): Promise<void> => {
    for (const [index, page] of shown.entries()) {
      await page.page.screenshot({
        path: new URL(`${label}-${index}.png`, SCREENSHOTS).pathname,
        timeout: 120_000,
      });
    }
  };

  // A failing media test leaves what both ends saw: the router's counters and states, and each
  // page's peer connections (states, packets, frames decoded, keyframes, PLIs, NACKs).
  const diagnose = async (label: string, sessionId: string, shown: readonly RoomPage[]) => {
    const pagesSeen = await Promise.all(
      shown.map((page) =>
        Promise.race([peerDiagnosis(page.page), sleep(15_000).then(() => 'no answer in 15 s')]),
      ),
    );
    const report = { router: emulator.media.stats(sessionId), pages: pagesSeen };
    await writeFile(
      new URL(`${label}-diagnosis.json`, SCREENSHOTS),
      JSON.stringify(report, null, 1),
    );
  };

  const sessionOf = async (page: RoomPage): Promise<string> =>
    page.page.evaluate(
      () => (window as unknown as { session: { sessionId: string } }).session.sessionId,
    );

  for (const count of [2, 4, 6]) {
    // The 6-page flake had two causes, both fixed: werift's full ICE agent expiring consent on a
    // loaded event loop (see the stall test below), then werift's DTLS server losing handshakes
    // (the router is now the DTLS client, see router-peer.ts). The retry stays until 6 pages
    // pass first time over several CI runs: on a machine loaded past 40 runnable tasks,
    // joining alone took over a minute.
    it(`${count} pages in one routed session each see every other page’s video, one upstream each`, {
      retry: count === 6 ? 2 : 0,
      timeout: 240_000,
    }, async () => {
      const room = `routed-${count}-${Date.now()}`;
      // Grids of 4 and 6 publish at a tile's size, as a gallery app does: the test is about
      // who receives what, and 2 shared cores forward 30 camera streams in pure JS.
      const tile = count > 2 ? { resolution: '320x240', frameRate: 15 } : {};
      // All at once, 6 included: the 30 DTLS handshakes that failed a few of them while Chromium
      // starved the router now pass (slowest connect 1.1-2.2 s at nice 10, 3.5-8.2 s at nice 0).
      const joined = await join(routed, room, count, tile);
      const sessionId = await sessionOf(joined[0]!);
      try {
        for (const page of joined) await page.waitForRemoteVideos(count - 1, 90_000);
      } catch (error) {
        await diagnose(`routed-${count}`, sessionId, joined);
        throw error;
      }
      await screenshots(`routed-${count}`, joined);
      // What the router's recovery did, and how long healthy downstreams took to connect (its
      // connect timeout must stay well above the slowest of them).
      const downstreams = emulator.media.stats(sessionId)[0]?.downstreams ?? [];
      const connectMs = downstreams.map((entry) => entry.connectedAfterMs ?? Number.NaN);
      console.info(
        `${count} pages: ${downstreams.reduce((sum, entry) => sum + entry.rebuilds, 0)} downstream rebuilds; slowest connect ${Math.max(...connectMs)} ms`,
      );
      // Every page subscribes to every other page's stream, through the router.
      expect(emulator.media.forwardedStreams(sessionId)).toBe(count * (count - 1));
      for (const page of joined) {
        const path = await mediaPath(page.page);
        // One upstream plus one downstream per other page (a mesh would need 2 × (count − 1)).
        expect(path.open).toBe(count);
        // Every peer connection ends at the router: one address, never another page.
        expect(new Set(path.remotes.map((remote) => remote.split(':')[0]))).toEqual(
          new Set(['127.0.0.1']),
        );
      }
    });
  }

  // OpenTok's Single Peer Connection (`OT.initSession(…, { singlePeerConnection: true })`): each
  // page's subscribers share one peer connection with the router; its publisher keeps its own.
  const SPC = { singlePeerConnection: true };
  const tile = { resolution: '320x240', frameRate: 15 };

  it('6 pages on single peer connections each see every other page’s video, two peer connections a page', {
    retry: 2,
    timeout: 240_000,
  }, async () => {
    const joined = await join(routed, `spc-6-${Date.now()}`, 6, tile, SPC);
    const sessionId = await sessionOf(joined[0]!);
    try {
      for (const page of joined) await page.waitForRemoteVideos(5, 90_000);
    } catch (error) {
      await diagnose('spc-6', sessionId, joined);
      throw error;
    }
    await screenshots('spc-6', joined);
    const downstreams = emulator.media.stats(sessionId)[0]?.downstreams ?? [];
    const offers = Math.max(...downstreams.map((entry) => entry.offers ?? 0));
    const slowest = Math.max(...downstreams.map((entry) => entry.connectedAfterMs ?? 0));
    console.info(
      `single peer connection, 6 pages: up to ${offers} offers per bundle, slowest subscriber ready after ${slowest} ms`,
    );
    expect(downstreams).toHaveLength(30);
    expect(downstreams.every((entry) => entry.singlePeerConnection)).toBe(true);
    expect(emulator.media.forwardedStreams(sessionId)).toBe(30);
    for (const page of joined) {
      const path = await mediaPath(page.page);
      // Its upstream and its single downstream peer connection: 2, where one each makes 6.
      expect(path.open).toBe(2);
      expect(new Set(path.remotes.map((remote) => remote.split(':')[0]))).toEqual(
        new Set(['127.0.0.1']),
      );
    }
  });

  it('renegotiates the single peer connection on unsubscribe, subscribe and a publisher leaving', async () => {
    const [alice, bob, carol] = await join(routed, `spc-changes-${Date.now()}`, 3, tile, SPC);
    for (const page of [alice!, bob!, carol!]) await page.waitForRemoteVideos(2, 90_000);
    const sessionId = await sessionOf(bob!);
    const aliceId = await alice!.page.evaluate(
      () =>
        (window as unknown as { session: { connection: { connectionId: string } } }).session
          .connection.connectionId,
    );
    // Bob unsubscribes from Alice: her tracks go inactive, Carol's keep playing.
    await bob!.page.evaluate((aliceId) => {
      const { session, subscribers } = window as unknown as PageGlobals;
      for (const subscriber of subscribers) {
        const { connection } = subscriber.stream as { connection: { connectionId: string } };
        if (connection.connectionId === aliceId) session.unsubscribe(subscriber);
      }
    }, aliceId);
    await waitFor(
      () => emulator.media.forwardedStreams(sessionId),
      (n) => n === 5,
      'five downstreams',
    );
    await bob!.waitForRemoteVideos(1, 30_000);
    // Video off and on again on the shared peer connection.
    await bob!.page.evaluate(() => {
      for (const subscriber of (window as unknown as PageGlobals).subscribers) {
        subscriber.subscribeToVideo(false);
      }
    });
    await sleep(800); // packets already in flight
    const paused = await mediaPath(bob!.page);
    await sleep(2_000);
    const stillPaused = await mediaPath(bob!.page);
    expect(stillPaused.received.video - paused.received.video).toBeLessThan(5);
    expect(stillPaused.received.audio).toBeGreaterThan(paused.received.audio);
    await bob!.page.evaluate(() => {
      for (const subscriber of (window as unknown as PageGlobals).subscribers) {
        subscriber.subscribeToVideo(true);
      }
    });
    // Subscribes to Alice again: new transceivers in the same peer connection.
    await bob!.page.evaluate((aliceId) => {
      const { session, subscribers } = window as unknown as PageGlobals;
      const again = subscribers.find(
        (subscriber) =>
          (subscriber.stream as { connection: { connectionId: string } }).connection
            .connectionId === aliceId,
      );
      session.subscribe(again!.stream, 'subscribers', {
        insertMode: 'append',
        width: 160,
        height: 120,
      });
    }, aliceId);
    await waitFor(
      () => emulator.media.forwardedStreams(sessionId),
      (n) => n === 6,
      'six downstreams',
    );
    await bob!.waitForRemoteVideos(2, 30_000);
    await screenshots('spc-resubscribed', [bob!]);
    expect((await mediaPath(bob!.page)).open).toBe(2);

    // Alice leaves: only her tracks go; Bob and Carol keep each other's video.
    await alice!.page.evaluate(() =>
      (window as unknown as { session: { disconnect(): void } }).session.disconnect(),
    );
    await waitFor(
      () => emulator.media.forwardedStreams(sessionId),
      (n) => n === 2,
      'two downstreams',
    );
    for (const page of [bob!, carol!]) {
      await page.waitForRemoteVideos(1, 30_000);
      expect((await mediaPath(page.page)).open).toBe(2);
    }
    await screenshots('spc-publisher-left', [bob!, carol!]);
  }, 240_000);

  it('rebuilds a single peer connection that never connects: the same subscriber plays, no stream events', async () => {
    const room = `spc-rebuild-${Date.now()}`;
    const [alice] = await join(routed, room, 1, tile, SPC);
    const sessionId = await sessionOf(alice!);
    const [upstream] = await waitFor(
      () => emulator.media.stats(sessionId)[0]?.upstreams ?? [],
      (upstreams) => upstreams.length === 1,
      'alice’s upstream',
      60_000,
    );
    emulator.media.faults.next({ kind: 'unanswered' }, { streamId: upstream!.streamId });
    const [bob] = await join(routed, room, 1, tile, SPC);
    // The router waits 15 s for it to connect, then offers Bob's page a new one carrying the
    // same subscriber.
    try {
      await bob!.waitForRemoteVideos(1, 60_000);
    } catch (error) {
      await diagnose('spc-rebuild', sessionId, [alice!, bob!]);
      throw error;
    }
    await screenshots('spc-rebuilt', [bob!]);
    const downstream = emulator.media
      .stats(sessionId)[0]
      ?.downstreams.find((entry) => entry.streamId === upstream!.streamId);
    expect(downstream).toMatchObject({
      singlePeerConnection: true,
      rebuilds: 1,
      rebuildReasons: ['timeout'],
    });
    expect(downstream!.state.connection).toBe('connected');
    // One Subscriber, one video element, a completion handler that ran once without an error.
    const events = await bob!.events();
    expect(events.filter((event) => event.type === 'streamCreated')).toHaveLength(1);
    expect(
      events.filter((event) => event.type === 'subscribed').map((event) => event.error),
    ).toEqual([undefined]);
    const page = await bob!.page.evaluate(() => ({
      subscribers: (window as unknown as PageGlobals).subscribers.length,
      videos: document.querySelectorAll('#subscribers video').length,
      made: (window as unknown as { peerConnections: unknown[] }).peerConnections.length,
    }));
    // Bob's upstream, the single peer connection that never connected, and its replacement.
    expect(page).toEqual({ subscribers: 1, videos: 1, made: 3 });
    expect((await mediaPath(bob!.page)).open).toBe(2);
  }, 240_000);

  // A network drop mid-call (the `dropped` media fault) on either kind of downstream: the router
  // rebuilds it, the same Subscriber hears `disconnected` then `connected`, and plays again.
  for (const [path, options] of [
    ['its own peer connection', undefined],
    ['a single peer connection', SPC],
  ] as const) {
    it(`recovers a downstream dropped mid-call on ${path}: disconnected, connected, playing again`, async () => {
      const room = `dropped-${options ? 'spc' : 'own'}-${Date.now()}`;
      const [alice] = await join(routed, room, 1, tile, options);
      const sessionId = await sessionOf(alice!);
      const [upstream] = await waitFor(
        () => emulator.media.stats(sessionId)[0]?.upstreams ?? [],
        (upstreams) => upstreams.length === 1,
        'alice’s upstream',
        60_000,
      );
      const { streamId } = upstream!;
      emulator.media.faults.next({ kind: 'dropped' }, { streamId });
      const [bob] = await join(routed, room, 1, tile, options);
      const events = await bob!.waitForEvents(
        (recorded) => {
          const dropped = recorded.findIndex((event) => event.type === 'subscriberDisconnected');
          return (
            dropped >= 0 && recorded.slice(dropped).some((e) => e.type === 'subscriberConnected')
          );
        },
        'bob’s subscriber to reconnect',
        60_000,
      );
      try {
        await bob!.waitForRemoteVideos(1, 60_000);
      } catch (error) {
        await diagnose(room, sessionId, [alice!, bob!]);
        throw error;
      }
      await screenshots(`${room.slice(0, room.lastIndexOf('-'))}-recovered`, [bob!]);
      expect(
        events
          .filter((event) =>
            ['subscribed', 'subscriberDisconnected', 'subscriberConnected'].includes(event.type),
          )
          .map((event) => event.type),
      ).toEqual([
        // The first connect, then the drop and the rebuilt peer connection connecting.
        'subscriberConnected',
        'subscribed',
        'subscriberDisconnected',
        'subscriberConnected',
      ]);
      expect(events.filter((event) => event.type === 'streamCreated')).toHaveLength(1);
      const downstream = emulator.media
        .stats(sessionId)[0]
        ?.downstreams.find((entry) => entry.streamId === streamId);
      expect(downstream).toMatchObject({ rebuilds: 1, rebuildReasons: ['failed'] });
      expect(downstream!.state.connection).toBe('connected');
      const page = await bob!.page.evaluate(() => ({
        subscribers: (window as unknown as PageGlobals).subscribers.length,
        videos: document.querySelectorAll('#subscribers video').length,
      }));
      expect(page).toEqual({ subscribers: 1, videos: 1 });
      expect((await mediaPath(bob!.page)).open).toBe(2);
    }, 240_000);
  }

  it('keeps relayed sessions peer to peer: nothing forwarded, a mesh of peer connections', async () => {
    const joined = await join(relayed, `relayed-${Date.now()}`, 3);
    for (const page of joined) await page.waitForRemoteVideos(2, 90_000);
    await screenshots('relayed-3', joined);
    expect(emulator.media.forwardedStreams(await sessionOf(joined[0]!))).toBe(0);
    for (const page of joined) {
      // Two subscribers of my stream and two streams I subscribe to: four, one per pair and way.
      expect((await mediaPath(page.page)).open).toBe(4);
    }
  }, 240_000);

  it('stops forwarded video on subscribeToVideo(false), resumes it, and re-subscribes', async () => {
    const [alice, bob] = await join(routed, `toggles-${Date.now()}`, 2);
    await alice!.waitForRemoteVideos(1, 90_000);
    await bob!.waitForRemoteVideos(1, 90_000);
    const sessionId = await sessionOf(bob!);
    const setVideo = (value: boolean): Promise<void> =>
      bob!.page.evaluate((on) => {
        for (const subscriber of (window as unknown as PageGlobals).subscribers) {
          subscriber.subscribeToVideo(on);
        }
      }, value);
    await setVideo(false);
    await sleep(800); // packets already in flight
    const paused = await mediaPath(bob!.page);
    await sleep(2_000);
    const stillPaused = await mediaPath(bob!.page);
    expect(stillPaused.received.video - paused.received.video).toBeLessThan(5);
    expect(stillPaused.received.audio).toBeGreaterThan(paused.received.audio);
    await screenshots('video-off', [bob!]);

    await setVideo(true);
    await waitFor(
      () => mediaPath(bob!.page),
      (path) => path.received.video > stillPaused.received.video + 50,
      'video forwarded again',
    );
    await bob!.waitForRemoteVideos(1, 30_000);

    // Unsubscribe: the router stops feeding Bob; subscribe again: video plays again.
    await bob!.page.evaluate(() => {
      const { session, subscribers } = window as unknown as PageGlobals;
      for (const subscriber of subscribers) session.unsubscribe(subscriber);
    });
    await waitFor(
      () => emulator.media.forwardedStreams(sessionId),
      (n) => n === 1,
      'one downstream',
    );
    await bob!.page.evaluate(() => {
      const { session, subscribers } = window as unknown as PageGlobals;
      const { stream } = subscribers[0]!;
      session.subscribe(stream, 'subscribers', { insertMode: 'append', width: 160, height: 120 });
    });
    await waitFor(
      () => emulator.media.forwardedStreams(sessionId),
      (n) => n === 2,
      'two downstreams',
    );
    await bob!.waitForRemoteVideos(1, 30_000);
    await screenshots('resubscribed', [bob!]);
  }, 240_000);

  it('keeps forwarding through event-loop stalls longer than a STUN reply may take', async () => {
    const [alice, bob] = await join(routed, `stalls-${Date.now()}`, 2);
    await alice!.waitForRemoteVideos(1, 90_000);
    await bob!.waitForRemoteVideos(1, 90_000);
    const sessionId = await sessionOf(bob!);
    // What a loaded 2-core machine does to the emulator's process, on purpose: for longer than
    // ICE consent lasts (30 s), every packet waits 1.2 s to be read, longer than a full ICE
    // agent waits for a consent reply (0.5–1 s). The router must keep its connections anyway.
    const until = Date.now() + 35_000;
    while (Date.now() < until) {
      const stalled = Date.now() + 1_200;
      while (Date.now() < stalled) {
        // busy: the event loop is blocked
      }
      await sleep(20);
    }
    try {
      for (const page of [alice!, bob!]) {
        const before = await mediaPath(page.page);
        await waitFor(
          () => mediaPath(page.page),
          (path) => path.received.video > before.received.video + 50,
          'video after the stalls',
        );
      }
    } catch (error) {
      await diagnose('stalls', sessionId, [alice!, bob!]);
      throw error;
    }
    const [stats] = emulator.media.stats(sessionId);
    const peers = [...stats!.upstreams, ...stats!.downstreams];
    expect(peers).toHaveLength(4);
    for (const { state } of peers) {
      expect(state.connection).toBe('connected');
      expect(state.dtls).toBe('connected');
      expect(['connected', 'completed']).toContain(state.ice);
    }
    await alice!.waitForRemoteVideos(1, 30_000);
    await bob!.waitForRemoteVideos(1, 30_000);
    await screenshots('after-stalls', [alice!, bob!]);
  }, 240_000);

  it('keeps media flowing while a signalling socket drops and comes back, and lets a publisher leave', async () => {
    const [alice, bob] = await join(routed, `drops-${Date.now()}`, 2);
    await alice!.waitForRemoteVideos(1, 90_000);
    await bob!.waitForRemoteVideos(1, 90_000);
    const sessionId = await sessionOf(bob!);
    const bobId = await bob!.page.evaluate(
      () =>
        (window as unknown as { session: { connection: { connectionId: string } } }).session
          .connection.connectionId,
    );
    const before = await mediaPath(bob!.page);
    expect(emulator.dropClient(bobId)).toBe(true);
    await bob!.waitForEvents(
      (events) => events.some((event) => event.type === 'sessionReconnected'),
      'bob reconnected',
    );
    // The peer connections never depended on the socket: still the same two, still receiving.
    const after = await waitFor(
      () => mediaPath(bob!.page),
      (path) => path.received.video > before.received.video + 50,
      'video after the reconnect',
    );
    expect(after.open).toBe(2);
    expect(emulator.media.forwardedStreams(sessionId)).toBe(2);
    await bob!.waitForRemoteVideos(1, 30_000);

    // Alice leaves: Bob sees her stream go, and the router forwards nothing any more.
    await alice!.page.evaluate(() =>
      (window as unknown as { session: { disconnect(): void } }).session.disconnect(),
    );
    await bob!.waitForEvents(
      (events) => events.some((event) => event.type === 'streamDestroyed'),
      'alice’s stream destroyed',
    );
    await waitFor(
      () => emulator.media.forwardedStreams(sessionId),
      (n) => n === 0,
      'no downstreams',
    );
    await waitFor(
      () => mediaPath(bob!.page),
      (path) => path.open === 1,
      'only bob’s upstream left',
    );
    await screenshots('publisher-left', [bob!]);
  }, 240_000);

  // Alice publishes; a media fault then breaks the router's next downstream of her stream (Bob's
  // subscription): the router ignores Bob's answer, so that peer connection never connects.
  const aliceThenBrokenBob = async (room: string, times: number) => {
    const [alice] = await join(routed, room, 1);
    const sessionId = await sessionOf(alice!);
    const [upstream] = (
      await waitFor(
        () => emulator.media.stats(sessionId)[0]?.upstreams ?? [],
        (upstreams) => upstreams.length === 1,
        'alice’s upstream',
        60_000,
      )
    ).values();
    emulator.media.faults.next({ kind: 'unanswered' }, { streamId: upstream!.streamId, times });
    const [bob] = await join(routed, room, 1);
    return { alice: alice!, bob: bob!, sessionId, streamId: upstream!.streamId };
  };
  const bobsDownstream = (sessionId: string, streamId: string) =>
    emulator.media.stats(sessionId)[0]?.downstreams.find((entry) => entry.streamId === streamId);

  it('rebuilds a downstream that does not connect: the same subscriber plays again, no stream events', async () => {
    const { alice, bob, sessionId, streamId } = await aliceThenBrokenBob(
      `rebuild-${Date.now()}`,
      1,
    );
    const subscribedAt = Date.now();
    // The router waits 15 s for the first peer connection, then offers Bob a fresh one.
    const rebuilt = await waitFor(
      () => bobsDownstream(sessionId, streamId),
      (entry) => (entry?.rebuilds ?? 0) >= 1,
      'the downstream rebuilt',
      30_000,
      100,
    );
    const rebuiltAt = Date.now();
    expect(rebuilt!.rebuilds).toBe(1);
    try {
      await bob.waitForRemoteVideos(1, 60_000);
    } catch (error) {
      await diagnose('rebuild', sessionId, [alice, bob]);
      throw error;
    }
    const playingAt = Date.now();
    await alice.waitForRemoteVideos(1, 60_000);
    await screenshots('rebuilt', [bob]);
    const [stats] = emulator.media.stats(sessionId);
    const downstream = bobsDownstream(sessionId, streamId)!;
    expect(downstream.rebuilds).toBe(1);
    // Its first peer connection never got an answer: rebuilt on the connect timeout.
    expect(downstream.rebuildReasons).toEqual(['timeout']);
    expect(downstream.state.connection).toBe('connected');
    expect(stats!.downstreams.map((entry) => entry.rebuilds).sort()).toEqual([0, 1]);
    expect(emulator.media.forwardedStreams(sessionId)).toBe(2);
    console.info(
      `downstream rebuilt ${rebuiltAt - subscribedAt} ms after Bob joined; the new one connected in ${downstream.connectedAfterMs} ms; Bob's video played ${playingAt - rebuiltAt} ms after the rebuild`,
    );
    // One Subscriber object, one video element; Bob's page saw Alice's stream created once and
    // never destroyed, and his completion handler ran once, without an error.
    const events = await bob.events();
    expect(events.filter((event) => event.type === 'streamCreated')).toHaveLength(1);
    expect(events.filter((event) => event.type === 'streamDestroyed')).toHaveLength(0);
    expect(
      events.filter((event) => event.type === 'subscribed').map((event) => event.error),
    ).toEqual([undefined]);
    const page = await bob.page.evaluate(() => ({
      subscribers: (window as unknown as PageGlobals).subscribers.length,
      videos: document.querySelectorAll('#subscribers video').length,
    }));
    expect(page).toEqual({ subscribers: 1, videos: 1 });
    // The replaced peer connection is closed: Bob has his upstream and the new downstream.
    expect((await mediaPath(bob.page)).open).toBe(2);
  }, 240_000);

  it('gives up after three rebuilds: the subscriber fails, nothing left open', async () => {
    const { bob, sessionId, streamId } = await aliceThenBrokenBob(`give-up-${Date.now()}`, 4);
    const events = await bob.waitForEvents(
      (recorded) => recorded.some((event) => event.type === 'subscribed'),
      'bob’s subscribe to fail',
      150_000,
    );
    expect(
      events.filter((event) => event.type === 'subscribed').map((event) => event.error),
    ).toEqual(['OT_SUBSCRIBER_ICE_WORKFLOW_FAILED']);
    expect(bobsDownstream(sessionId, streamId)).toBeUndefined();
    expect(emulator.media.forwardedStreams(sessionId)).toBe(1);
    // Bob's page: only his upstream is open (the four downstream peer connections closed).
    const path = await mediaPath(bob.page);
    expect(path.open).toBe(1);
    const made = await bob.page.evaluate(
      () => (window as unknown as { peerConnections: unknown[] }).peerConnections.length,
    );
    expect(made).toBe(5);
  }, 240_000);
});

/** What the fixture page keeps on `window` that these tests drive. */
interface PageGlobals {
  session: {
    unsubscribe(subscriber: unknown): void;
    subscribe(stream: unknown, target: string, properties: object): unknown;
  };
  subscribers: Array<{ stream: unknown; subscribeToVideo(value: boolean): void }>;
}
