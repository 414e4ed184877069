import type { Emulator } from './start-emulator.js';

/**
 * The CLI lines that show the emulator's credentials, for its account kind: how to construct the
 * SDK and the environment variables room-server's `fromEnv` reads. The Vonage private key is printed
 * on one line with `\n` escapes, as a `.env` file holds it.
 *
 * @param emulator - The running emulator.
 * @returns The lines to print.
 * @internal
 */
export function credentialLines(emulator: Emulator): string[] {
  if (emulator.account === 'vonage') {
    const escapedKey = (emulator.privateKey ?? '').trim().replace(/\n/g, '\\n');
    return [
      `  Application ID: ${emulator.applicationId}`,
      '  Private key:    (RSA, PKCS#8; printed below as VONAGE_PRIVATE_KEY)',
      '',
      'Point your app at it with environment variables (createRoomServer.fromEnv() reads them):',
      `  VONAGE_APPLICATION_ID=${emulator.applicationId}`,
      `  VONAGE_PRIVATE_KEY="${escapedKey}"`,
      `  VONAGE_VIDEO_API_URL=${emulator.url}`,
    ];
  }
  return [
    `  API key:    ${emulator.apiKey}`,
    `  API secret: ${emulator.apiSecret}`,
    '',
    'Point your app at it:',
    `  new OpenTok('${emulator.apiKey}', '${emulator.apiSecret}', { apiUrl: '${emulator.url}' })`,
    '',
    'or with environment variables:',
    `  OPENTOK_API_KEY=${emulator.apiKey}`,
    `  OPENTOK_API_SECRET=${emulator.apiSecret}`,
    `  OPENTOK_API_URL=${emulator.url}`,
  ];
}
