// Small files for Chromium's file-backed fake devices (`--use-file-for-fake-video-capture`,
// `--use-file-for-fake-audio-capture`, which Chromium documents for testing): a camera that plays
// a few frames of a moving pattern from a y4m file, a microphone that plays a short wav, instead
// of the fake device drawing its pattern and generating its beep for every page.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes the two files into a new temporary folder.
 *
 * @param options - `width`, `height`, `fps` and `frames` of the y4m (the fake device's own
 *   640x480 at 20 fps by default, 20 frames: a 1 s loop); `seconds` of the wav (48 kHz mono,
 *   16-bit silence).
 * @returns `video` and `audio`: the files' paths, and `args`: the Chromium flags naming them.
 */
export function writeFakeMediaFiles({
  width = 640,
  height = 480,
  fps = 20,
  frames = 20,
  seconds = 1,
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fake-media-'));
  // y4m: a text header, then per frame `FRAME\n` and the Y, U and V planes (4:2:0).
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const chroma = (width / 2) * (height / 2);
  const parts = [header];
  for (let f = 0; f < frames; f++) {
    const y = Buffer.alloc(width * height);
    // A diagonal gradient that slides across the frame, with a bright bar moving down it.
    const shift = Math.round((f * width) / frames);
    const bar = Math.round((f * height) / frames);
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        y[row * width + col] =
          Math.abs(row - bar) < 16 ? 235 : 16 + (((col + row + shift) % width) * 200) / width;
      }
    }
    parts.push(Buffer.from('FRAME\n'), y, Buffer.alloc(chroma, 90 + f), Buffer.alloc(chroma, 160));
  }
  const video = join(dir, 'camera.y4m');
  writeFileSync(video, Buffer.concat(parts));
  // wav: RIFF header of 16-bit PCM, then zeros.
  const rate = 48_000;
  const data = rate * seconds * 2;
  const wav = Buffer.alloc(44 + data);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + data, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // bytes per frame
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36);
  wav.writeUInt32LE(data, 40);
  const audio = join(dir, 'microphone.wav');
  writeFileSync(audio, wav);
  return {
    video,
    audio,
    args: [
      `--use-file-for-fake-video-capture=${video}`,
      `--use-file-for-fake-audio-capture=${audio}`,
    ],
  };
}
