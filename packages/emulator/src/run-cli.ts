import { parseArgs } from 'node:util';
import { credentialLines } from './cli-credentials.js';
import {
  DEFAULT_EMULATOR_PORT,
  EMULATOR_URL_VARIABLE,
  emulatorPortFromEnv,
  portTakenMessage,
} from './dev-port.js';
import { type Emulator, startEmulator } from './start-emulator.js';

/** Where {@link runCli} writes its text. @internal */
export interface CliOutput {
  /** Writes one line of normal output. */
  log(line: string): void;
  /** Writes one line of error output. */
  error(line: string): void;
}

/** The result of {@link runCli}: a running emulator, or an exit code. @internal */
export type CliResult = { emulator: Emulator } | { exitCode: number };

const USAGE = `Usage: opentok-emulator [--port N] [--host H] [--account opentok|vonage] [--api-key K] [--api-secret S]

Starts a local OpenTok emulator (REST API, browser signalling, ot.js) for development and tests.

  --port N         TCP port (default: $OPENTOK_EMULATOR_PORT, else 4010; 0 picks a free one)
  --host H         interface to listen on (default 127.0.0.1)
  --account A      opentok (default: API key + secret) or vonage (application ID + RSA key)
  --api-key K      API key to accept (default: random 8 digits)
  --api-secret S   API secret to accept (default: random 40 hex chars)
  -h, --help       show this help`;

/**
 * Parses the command line, starts the emulator and prints how to use it.
 *
 * @param args - Arguments after the program name.
 * @param output - Where to print.
 * @param env - Where to read `OPENTOK_EMULATOR_PORT`. Default `process.env`.
 * @returns The running emulator, or an exit code when it did not start (help, bad arguments).
 * @internal
 */
export async function runCli(
  args: readonly string[],
  output: CliOutput,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<CliResult> {
  let values: {
    port?: string;
    host?: string;
    'api-key'?: string;
    'api-secret'?: string;
    account?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string' },
        'api-secret': { type: 'string' },
        account: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    output.error(error instanceof Error ? error.message : String(error));
    output.error(USAGE);
    return { exitCode: 2 };
  }
  if (values.help === true) {
    output.log(USAGE);
    return { exitCode: 0 };
  }
  let port: number;
  try {
    port = values.port === undefined ? emulatorPortFromEnv(env) : Number(values.port);
  } catch (error) {
    output.error(error instanceof Error ? error.message : String(error));
    return { exitCode: 2 };
  }
  if (values.port !== undefined && (!/^\d+$/.test(values.port) || port > 65535)) {
    output.error(`--port must be an integer 0-65535, got ${JSON.stringify(values.port)}.`);
    return { exitCode: 2 };
  }
  if (values.account !== undefined && values.account !== 'opentok' && values.account !== 'vonage') {
    output.error(`--account must be opentok or vonage, got ${JSON.stringify(values.account)}.`);
    return { exitCode: 2 };
  }
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      port,
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(values.account === undefined ? {} : { account: values.account }),
      ...(values['api-key'] === undefined ? {} : { apiKey: values['api-key'] }),
      ...(values['api-secret'] === undefined ? {} : { apiSecret: values['api-secret'] }),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      output.error(portTakenMessage(port, '--port N or '));
      return { exitCode: 1 };
    }
    output.error(
      `Could not start the emulator: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { exitCode: 1 };
  }
  const lines = [
    `OpenTok emulator listening on ${emulator.url}`,
    '',
    ...credentialLines(emulator),
    '',
    'Browser pages built with Vite: plugins: [opentokEmulator()] from @opentok-rooms/emulator/vite',
    emulator.url === `http://127.0.0.1:${DEFAULT_EMULATOR_PORT}`
      ? '  (it finds this emulator on its default port),'
      : `  with the variables above set in Vite's terminal too (or ${EMULATOR_URL_VARIABLE}=${emulator.url}),`,
    'or swap the @opentok/client script tag for',
    `  <script src="${emulator.scriptUrl}"></script>`,
    `or import OT from '@opentok-rooms/emulator/client' and call OT.setEmulatorUrl('${emulator.url}').`,
    '',
    'Press Ctrl+C to stop.',
  ];
  for (const line of lines) output.log(line);
  return { emulator };
}
