import { generateKeyPair, type KeyObject, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';

/** Which kind of account the emulator acts as. */
export type EmulatorAccountKind = 'opentok' | 'vonage';

/** The emulator's own account. @internal */
export interface EmulatorAccount {
  readonly kind: EmulatorAccountKind;
  /** The API key, or the Vonage application ID. */
  readonly apiKey: string;
  /** The API secret, or the Vonage private key as PKCS#8 PEM. */
  readonly apiSecret: string;
  /** Vonage only: what verifies RS256 JWTs. */
  readonly publicKey?: KeyObject;
}

const generateRsaKeyPair = promisify(generateKeyPair);

/**
 * A Vonage application as the dashboard makes one: a UUID application ID and a 2048-bit RSA key
 * pair (the private key as the PKCS#8 PEM the dashboard's `private.key` holds). Generated off the
 * event loop: it takes tens of milliseconds.
 *
 * @returns the account
 * @internal
 */
export async function createAccount(): Promise<EmulatorAccount> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  return {
    kind: 'vonage',
    apiKey: randomUUID(),
    apiSecret: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicKey,
  };
}
