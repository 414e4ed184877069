// Minimal typings for the parts of the `opentok` SDK (2.23.2) the tests use; it ships none.
declare module 'opentok' {
  namespace OpenTok {
    interface SessionOptions {
      mediaMode?: 'relayed' | 'routed';
      archiveMode?: 'manual' | 'always';
      location?: string;
      e2ee?: boolean;
    }
    interface Session {
      sessionId: string | undefined;
    }
    interface TokenOptions {
      role?: string;
      expireTime?: number;
      data?: string;
      initialLayoutClassList?: string[] | string;
    }
  }
  class OpenTok {
    constructor(apiKey: string | number, apiSecret: string, env?: string | { apiUrl?: string });
    readonly apiKey: string;
    createSession(
      options: OpenTok.SessionOptions,
      callback: (error: Error | null, session?: OpenTok.Session) => void,
    ): void;
    signal(
      sessionId: string,
      connectionId: string | null,
      payload: { type?: string; data?: string },
      callback: (error: Error | null) => void,
    ): void;
    forceDisconnect(
      sessionId: string,
      connectionId: string,
      callback: (error: Error | null) => void,
    ): void;
    listStreams(
      sessionId: string,
      callback: (
        error: Error | null,
        streams?: Array<{ id: string; name: string; videoType: string; layoutClassList: string[] }>,
      ) => void,
    ): void;
    forceMuteAll(
      sessionId: string,
      options: { excludedStreamIds?: string[] },
      callback: (error: Error | null) => void,
    ): void;
    forceMuteStream(
      sessionId: string,
      streamId: string,
      callback: (error: Error | null) => void,
    ): void;
    generateToken(
      sessionId: string,
      options?: OpenTok.TokenOptions,
      generateT1Token?: boolean,
    ): string;
  }
  export = OpenTok;
}
