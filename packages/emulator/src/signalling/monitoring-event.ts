import type { WireConnection, WireStream } from '../protocol.js';

/** A session-monitoring event as the signalling hub reports it (before it is serialised). @internal */
export type MonitoringEvent =
  | { readonly event: 'sessionCreated'; readonly sessionId: string }
  | { readonly event: 'sessionDestroyed'; readonly sessionId: string }
  | {
      readonly event: 'connectionCreated';
      readonly sessionId: string;
      readonly connection: WireConnection;
    }
  | {
      readonly event: 'connectionDestroyed';
      readonly sessionId: string;
      readonly connection: WireConnection;
      readonly reason: string;
    }
  | {
      readonly event: 'streamCreated';
      readonly sessionId: string;
      readonly stream: WireStream;
      readonly owner: WireConnection;
    }
  | {
      readonly event: 'streamDestroyed';
      readonly sessionId: string;
      readonly stream: WireStream;
      readonly owner: WireConnection;
      readonly reason: string;
    };
