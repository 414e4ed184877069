// The subset of the `opentok` SDK (2.23) the tests call, to compare our tokens and createSession
// requests with the SDK's (src no longer imports it). The SDK ships no types and
// `@types/opentok` is stale (no e2ee, no publisheronly), so we declare what we use.
declare module 'opentok' {
  interface OpenTokSession {
    sessionId: string | undefined;
  }
  interface OpenTokCreateSessionOptions {
    mediaMode?: 'routed' | 'relayed';
    archiveMode?: 'manual' | 'always';
    location?: string;
    e2ee?: boolean;
  }
  class OpenTok {
    constructor(apiKey: string, apiSecret: string, options?: { apiUrl?: string });
    createSession(
      options: OpenTokCreateSessionOptions,
      callback: (error: unknown, session?: OpenTokSession) => void,
    ): void;
    generateToken(sessionId: string, options?: object, legacyT1?: boolean): string;
  }
  export = OpenTok;
}
