/** Sample rate of the generated file: 8 kHz, 8-bit mono keeps it at 8 KB per second. */
const SAMPLE_RATE = 8000;
/** Longest generated file, in seconds (a longer archive gets a file this long). */
export const PLACEHOLDER_MAX_SECONDS = 300;

/**
 * A real, playable WAV file standing in for an archive's media when no media router recorded the
 * session: a 440 Hz tone as long as the archive (at least 1 s, at most
 * {@link PLACEHOLDER_MAX_SECONDS}). It lets a "download the recording" flow run end to end; it is
 * not the session's media, and the emulator says so in the `X-Emulator-Placeholder` header.
 *
 * @param seconds - The archive's duration.
 * @returns The bytes of a `audio/wav` file.
 * @internal
 */
export function placeholderWav(seconds: number): Buffer {
  const length = Math.min(PLACEHOLDER_MAX_SECONDS, Math.max(1, Math.round(seconds)));
  const samples = SAMPLE_RATE * length;
  const file = Buffer.alloc(44 + samples);
  file.write('RIFF', 0, 'ascii');
  file.writeUInt32LE(36 + samples, 4);
  file.write('WAVE', 8, 'ascii');
  file.write('fmt ', 12, 'ascii');
  file.writeUInt32LE(16, 16); // fmt chunk size
  file.writeUInt16LE(1, 20); // PCM
  file.writeUInt16LE(1, 22); // mono
  file.writeUInt32LE(SAMPLE_RATE, 24);
  file.writeUInt32LE(SAMPLE_RATE, 28); // byte rate
  file.writeUInt16LE(1, 32); // block align
  file.writeUInt16LE(8, 34); // bits per sample
  file.write('data', 36, 'ascii');
  file.writeUInt32LE(samples, 40);
  for (let index = 0; index < samples; index += 1) {
    // Unsigned 8-bit samples centred on 128, a quiet tone.
    file[44 + index] = 128 + Math.round(40 * Math.sin((2 * Math.PI * 440 * index) / SAMPLE_RATE));
  }
  return file;
}
