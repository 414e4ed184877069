import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { type Backend, loadBackend, roomFromPath } from './config.js';
import { Lobby } from './lobby.js';
import { type JoinChoices, PreJoin } from './prejoin.js';
import { RoomView } from './room-view.js';

type Screen =
  | { step: 'lobby' }
  | { step: 'prejoin'; room: string }
  | { step: 'room'; room: string; choices: JoinChoices };

export interface Notice {
  text: string;
  kind: 'info' | 'error';
}

function screenFromAddress(): Screen {
  const room = roomFromPath(location.pathname);
  return room ? { step: 'prejoin', room } : { step: 'lobby' };
}

export function App(): ReactNode {
  const [backend, setBackend] = useState<Backend | Error | undefined>();
  const [screen, setScreen] = useState<Screen>(screenFromAddress);
  const [notice, setNotice] = useState<Notice | undefined>();

  useEffect(() => {
    loadBackend().then(setBackend, (error: Error) => setBackend(error));
    const onPop = () => setScreen(screenFromAddress());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  const go = useCallback((next: Screen, why?: Notice) => {
    setNotice(why);
    setScreen(next);
    const path = next.step === 'lobby' ? '/' : `/r/${encodeURIComponent(next.room)}`;
    if (location.pathname !== path) history.pushState(null, '', path);
  }, []);

  return (
    <div className="app" data-screen={screen.step}>
      <header className="topbar">
        <a
          className="brand"
          href="/"
          onClick={(event) => {
            event.preventDefault();
            if (screen.step !== 'room') go({ step: 'lobby' });
          }}
        >
          <span className="brand-mark" aria-hidden="true" />
          opentok-rooms
        </a>
        {backend && !(backend instanceof Error) ? (
          <span className="badge" data-testid="mode">
            {backend.config.mode === 'emulator' ? 'Local emulator' : 'OpenTok'}
          </span>
        ) : null}
      </header>
      {notice ? (
        <div className={`banner ${notice.kind}`} role="status" data-testid="notice">
          <span>{notice.text}</span>
          <button type="button" className="banner-close" onClick={() => setNotice(undefined)}>
            Dismiss
          </button>
        </div>
      ) : null}
      {backend instanceof Error ? (
        <div className="banner error" role="alert">
          {backend.message}
        </div>
      ) : !backend ? (
        <p className="loading">Loading…</p>
      ) : screen.step === 'lobby' ? (
        <Lobby onPick={(room) => go({ step: 'prejoin', room })} />
      ) : screen.step === 'prejoin' ? (
        <PreJoin
          room={screen.room}
          onJoin={(choices) => go({ step: 'room', room: screen.room, choices })}
          onBack={() => go({ step: 'lobby' })}
        />
      ) : (
        <RoomView
          key={screen.room}
          backend={backend}
          room={screen.room}
          choices={screen.choices}
          onLeave={(why) => go({ step: 'lobby' }, why)}
        />
      )}
    </div>
  );
}
