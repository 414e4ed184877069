import type { SendSignal, SignalMessage } from '@opentok-rooms/react';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { nameFromData } from './config.js';

/** A chat message as sent over signals of type `chat`. */
export interface ChatLine {
  text: string;
}

/** A received chat message, numbered in arrival order (for React keys). */
export type ChatEntry = SignalMessage<ChatLine> & { id: number };

export function Chat({
  lines,
  send,
  disabled,
}: {
  lines: readonly ChatEntry[];
  send: SendSignal<ChatLine>;
  disabled: boolean;
}): ReactNode {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const list = useRef<HTMLOListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when a line arrives.
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [lines.length]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    setText('');
    setError(undefined);
    await send({ text: trimmed }).catch((e: Error) => {
      setText(trimmed);
      setError(`Not sent: ${e.message}`);
    });
  };

  return (
    <div className="chat">
      {lines.length === 0 ? (
        <p className="muted empty">No messages yet. Say hello.</p>
      ) : (
        <ol className="chat-lines" ref={list} data-testid="chat-lines">
          {lines.map((line) => (
            <li key={line.id} data-local={line.isLocal || undefined}>
              <span className="chat-from">
                {line.isLocal ? 'You' : line.from ? nameFromData(line.from.data) : 'Server'}
              </span>
              <span className="chat-text">{line.data.text}</span>
            </li>
          ))}
        </ol>
      )}
      {error ? <p className="chat-error">{error}</p> : null}
      <form className="chat-form" onSubmit={submit}>
        <input
          name="chat"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder={disabled ? 'Connecting…' : 'Message everyone'}
          maxLength={2000}
          disabled={disabled}
          autoComplete="off"
        />
        <button type="submit" className="primary" disabled={disabled || !text.trim()}>
          Send
        </button>
      </form>
    </div>
  );
}
