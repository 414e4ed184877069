import '@opentok-rooms/react/styles.css';
import './globals.css';
import type { Metadata } from 'next';
import Script from 'next/script';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { emulatorScriptUrl } from '../lib/browser-sdk';

export const metadata: Metadata = {
  title: 'opentok-rooms on Next.js',
  description:
    'A video room: a Route Handler joins through room-server, the page uses @opentok-rooms/react.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The SDK choice comes from the server's environment at request time, never from the build's.
  await connection();
  const emulator = emulatorScriptUrl();
  return (
    <html lang="en">
      <body>
        {children}
        {/* The emulator's SDK defines window.OT before hydration; without it, room-client loads
            @opentok/client on the first join (never at import: it touches window). */}
        {emulator ? <Script src={emulator} strategy="beforeInteractive" /> : null}
      </body>
    </html>
  );
}
