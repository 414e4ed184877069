import type { Emulator } from '@opentok-rooms/emulator';

export function startNextExample(options?: {
  mode?: 'start' | 'dev';
  port?: number;
  host?: string;
  env?: Record<string, string | undefined>;
  onOutput?: (text: string) => void;
}): Promise<{
  url: string;
  mode: 'emulator' | 'real';
  emulator: Emulator | undefined;
  close(): Promise<void>;
}>;
