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
    interface ArchiveOptions {
      name?: string;
      hasAudio?: boolean;
      hasVideo?: boolean;
      outputMode?: 'composed' | 'individual';
      resolution?: string;
      layout?: { type: string; stylesheet?: string; screenshareType?: string };
      streamMode?: 'auto' | 'manual';
      multiArchiveTag?: string;
      maxDuration?: number;
    }
    interface Archive {
      id: string;
      status: string;
      name: string | null;
      reason: string;
      sessionId: string;
      projectId: number | string;
      createdAt: number;
      size: number;
      duration: number;
      outputMode: string;
      streamMode: string;
      hasAudio: boolean;
      hasVideo: boolean;
      resolution?: string;
      url: string | null;
      streams: Array<{ streamId: string; hasAudio: boolean; hasVideo: boolean }>;
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
    startArchive(
      sessionId: string,
      options: OpenTok.ArchiveOptions,
      callback: (error: Error | null, archive?: OpenTok.Archive) => void,
    ): void;
    stopArchive(
      archiveId: string,
      callback: (error: Error | null, archive?: OpenTok.Archive) => void,
    ): void;
    getArchive(
      archiveId: string,
      callback: (error: Error | null, archive?: OpenTok.Archive) => void,
    ): void;
    listArchives(
      options: { offset?: number; count?: number; sessionId?: string },
      callback: (error: Error | null, archives?: OpenTok.Archive[], total?: number) => void,
    ): void;
    deleteArchive(archiveId: string, callback: (error: Error | null) => void): void;
    setArchiveLayout(
      archiveId: string,
      type: string,
      stylesheet: string | null,
      screenshareType: string | null,
      callback: (error: Error | null) => void,
    ): void;
    addArchiveStream(
      archiveId: string,
      streamId: string,
      options: { hasAudio?: boolean; hasVideo?: boolean },
      callback: (error: Error | null) => void,
    ): void;
    removeArchiveStream(
      archiveId: string,
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
