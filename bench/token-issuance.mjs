// Tokens per second: our signer, opentok.generateToken, and raw HMAC-SHA256 over the same claims.
// Target (issue 2): ours >= 50x the SDK and >= 40% of raw HMAC, measured in one run.
import { createHmac, createSecretKey } from 'node:crypto';
import { createTokenSigner } from '@opentok-rooms/room-server';
import OpenTok from 'opentok';
import { compare, formatRate, printTable } from './lib/measure.mjs';

const apiKey = '47123456';
const apiSecret = 'f0e1d2c3b4a5968778695a4b3c2d1e0f12345678';
const sessionId = `1_${Buffer.from(`1~${apiKey}~~${Date.now()}~bench~MX4~`).toString('base64url')}`;
const options = { role: 'publisher', data: 'name=Ada Lovelace&avatar=42' };

const sdk = new OpenTok(apiKey, apiSecret);
const signer = createTokenSigner({ apiKey, apiSecret });

// Raw HMAC signs the exact header.payload bytes of one of our tokens: the floor of any JWT signer.
const sample = signer.sign(sessionId, options).token;
const signingInput = sample.slice(0, sample.lastIndexOf('.'));
const key = createSecretKey(Buffer.from(apiSecret));

let sink = 0;
const results = compare([
  {
    name: 'opentok.generateToken (SDK)',
    fn: () => (sink += sdk.generateToken(sessionId, options).length),
    batch: 20,
  },
  {
    name: 'room-server createTokenSigner',
    fn: () => (sink += signer.sign(sessionId, options).token.length),
  },
  {
    name: 'raw HMAC-SHA256 (same bytes)',
    fn: () => (sink += createHmac('sha256', key).update(signingInput).digest('base64url').length),
  },
]);
const [sdkRate, ours, raw] = results.map((r) => r.opsPerSecond);

printTable(`Token issuance, one core, Node ${process.version} (median of 5 interleaved rounds)`, [
  ['signer', 'tokens/s', 'vs SDK', 'vs raw HMAC'],
  ...results.map((r) => [
    r.name,
    formatRate(r.opsPerSecond),
    `${(r.opsPerSecond / sdkRate).toFixed(1)}x`,
    `${((r.opsPerSecond / raw) * 100).toFixed(0)}%`,
  ]),
]);
const vsSdk = ours / sdkRate;
const vsRaw = ours / raw;
console.log(
  `\ntarget ours >= 50x SDK: ${vsSdk.toFixed(1)}x ${vsSdk >= 50 ? 'MET' : 'MISSED'}; ` +
    `ours >= 40% of raw HMAC: ${(vsRaw * 100).toFixed(0)}% ${vsRaw >= 0.4 ? 'MET' : 'MISSED'}`,
);
if (sink === 0) console.log('(unreachable: keeps the work observable)');
