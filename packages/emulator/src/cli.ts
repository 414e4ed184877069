import { runCli } from './run-cli.js';

/** Entry point of the `opentok-emulator` command: runs until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  const result = await runCli(process.argv.slice(2), {
    log: (line) => console.log(line),
    error: (line) => console.error(line),
  });
  if ('exitCode' in result) {
    process.exitCode = result.exitCode;
    return;
  }
  const { emulator } = result;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\nReceived ${signal}, stopping the emulator.`);
    emulator.close().then(
      () => {
        process.exitCode = 0;
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
