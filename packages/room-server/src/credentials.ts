import { createPrivateKey, KeyObject } from 'node:crypto';
import { invalidArgument } from './errors.js';
import type { Account } from './opentok/account.js';

/** An OpenTok (TokBox) project's credentials. */
export interface OpenTokCredentials {
  /** The project's API key. */
  apiKey: string;
  /** The project's API secret. */
  apiSecret: string;
}

/** A Vonage application's credentials (every account made since TokBox closed sign-ups). */
export interface VonageCredentials {
  /** The application ID, a UUID. */
  applicationId: string;
  /** The application's RSA private key: the PEM text of the downloaded `private.key`, or a KeyObject. */
  privateKey: string | KeyObject;
}

/** The credentials of either account kind: give one pair, never parts of both. */
export type RoomServerCredentials = OpenTokCredentials | VonageCredentials;

/** The credential fields of an options object, any of which may be missing or wrong. */
export interface CredentialFields {
  apiKey?: unknown;
  apiSecret?: unknown;
  applicationId?: unknown;
  privateKey?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PEM_PRIVATE_KEY = /^\s*-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/;
const CREDENTIAL_FIELDS = ['apiKey', 'apiSecret', 'applicationId', 'privateKey'] as const;
const WHAT_TO_GIVE =
  'Give { apiKey, apiSecret } for an OpenTok project or { applicationId, privateKey } for a Vonage application.';

/**
 * Reads the credentials of one account out of options that may hold either pair. A UUID `apiKey`
 * with a PEM private key as `apiSecret` is a Vonage application, as the `opentok` SDK takes it.
 * Messages name fields and describe values, never repeat them.
 *
 * @param options - the options holding the credentials
 * @returns the resolved account
 * @throws RoomError `invalid_argument` for a missing, mixed or malformed credential
 */
export function resolveAccount(options: CredentialFields): Account {
  const given = CREDENTIAL_FIELDS.filter((field) => options[field] !== undefined);
  const openTok = given.some((field) => field === 'apiKey' || field === 'apiSecret');
  const vonage = given.some((field) => field === 'applicationId' || field === 'privateKey');
  if (openTok && vonage) {
    throw invalidArgument(
      given.find((field) => field === 'applicationId' || field === 'privateKey') ?? 'applicationId',
      `Credentials of two kinds were given (${given.join(', ')}). ${WHAT_TO_GIVE}`,
    );
  }
  if (vonage)
    return vonageAccount(options.applicationId, options.privateKey, 'applicationId', 'privateKey');
  const { apiKey, apiSecret } = options;
  if (
    typeof apiKey === 'string' &&
    typeof apiSecret === 'string' &&
    PEM_PRIVATE_KEY.test(apiSecret)
  ) {
    if (!UUID.test(apiKey)) {
      throw invalidArgument(
        'apiKey',
        'apiSecret is a private key, so apiKey must be the Vonage application ID (a UUID). Pass { applicationId, privateKey }.',
      );
    }
    return vonageAccount(apiKey, apiSecret, 'apiKey', 'apiSecret');
  }
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw invalidArgument(
      'apiKey',
      `apiKey must be your OpenTok project API key (a non-empty string), got ${describeValue(apiKey)}. ${WHAT_TO_GIVE}`,
    );
  }
  if (typeof apiSecret !== 'string' || apiSecret.trim() === '') {
    throw invalidArgument(
      'apiSecret',
      `apiSecret must be your OpenTok project API secret (a non-empty string), got ${describeValue(apiSecret)}.`,
    );
  }
  return { kind: 'opentok', projectId: apiKey, apiSecret };
}

function vonageAccount(
  applicationId: unknown,
  privateKey: unknown,
  idField: string,
  keyField: string,
): Account {
  if (typeof applicationId !== 'string' || !UUID.test(applicationId.trim())) {
    throw invalidArgument(
      idField,
      `${idField} must be your Vonage application ID (a UUID such as 3f1a2b4c-…), got ${describeValue(applicationId)}.`,
    );
  }
  return {
    kind: 'vonage',
    projectId: applicationId.trim(),
    privateKey: parsePrivateKey(privateKey, keyField),
  };
}

const KEY_EXPECTED =
  'must be the RSA private key of your Vonage application: the PEM text of private.key (-----BEGIN PRIVATE KEY-----) or a private KeyObject';

/**
 * Parses a Vonage private key once, so signing never parses PEM again.
 *
 * @param value - PEM text or a KeyObject
 * @param field - the option's name, for the message
 * @returns the private RSA KeyObject
 * @throws RoomError `invalid_argument` saying what was expected; never the key
 */
export function parsePrivateKey(value: unknown, field: string): KeyObject {
  let key: KeyObject;
  if (value instanceof KeyObject) {
    key = value;
  } else if (typeof value === 'string') {
    if (value.includes('-----BEGIN PUBLIC KEY') || value.includes('-----BEGIN RSA PUBLIC KEY')) {
      throw invalidArgument(field, `${field} ${KEY_EXPECTED}; got a public key.`);
    }
    if (value.includes('-----BEGIN ENCRYPTED PRIVATE KEY')) {
      throw invalidArgument(
        field,
        `${field} is an encrypted key: decrypt it with createPrivateKey({ key, passphrase }) and pass the KeyObject.`,
      );
    }
    if (!PEM_PRIVATE_KEY.test(value)) {
      throw invalidArgument(
        field,
        `${field} ${KEY_EXPECTED}; got ${describeValue(value)} that is not PEM.`,
      );
    }
    try {
      key = createPrivateKey({ key: value, format: 'pem' });
    } catch {
      // The crypto error may quote part of the input: say what it is without it.
      throw invalidArgument(
        field,
        `${field} ${KEY_EXPECTED}; the PEM text could not be parsed (truncated, or its line breaks lost?).`,
      );
    }
  } else {
    throw invalidArgument(field, `${field} ${KEY_EXPECTED}; got ${describeValue(value)}.`);
  }
  if (key.type !== 'private') {
    throw invalidArgument(field, `${field} ${KEY_EXPECTED}; got a ${key.type} key.`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw invalidArgument(
      field,
      `${field} ${KEY_EXPECTED}; got a key of type ${key.asymmetricKeyType ?? 'unknown'} (RS256 needs RSA).`,
    );
  }
  return key;
}

/** What a value is, without its content. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return value === '' ? 'an empty string' : `a string of ${value.length} characters`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
