// A server component: it validates the address and renders the client component <Call> with
// <VideoGrid> inside, imported here directly (the package's build is marked 'use client'). On the
// server, @opentok-rooms/react renders the idle room (placeholders, "Joining…"): nothing joins and
// no browser global is touched; the browser hydrates the same markup and joins.
import { VideoGrid } from '@opentok-rooms/react';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { emulatorScriptUrl } from '../../../lib/browser-sdk';
import { Call } from './call';

const ROOM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export default async function RoomPage({
  params,
  searchParams,
}: {
  params: Promise<{ room: string }>;
  searchParams: Promise<{ name?: string }>;
}) {
  const { room } = await params;
  const { name } = await searchParams;
  if (!ROOM_NAME.test(room)) notFound();
  const displayName = name?.trim().slice(0, 40) || 'Guest';
  return (
    <main className="room">
      <header>
        <h1 data-testid="room-title">{room}</h1>
        <Link href="/" className="leave">
          Leave
        </Link>
      </header>
      <Call room={room} name={displayName} emulator={emulatorScriptUrl() !== undefined}>
        <VideoGrid localName={`${displayName} (you)`} />
      </Call>
    </main>
  );
}
