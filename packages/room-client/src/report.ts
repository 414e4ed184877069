/** Reports an error thrown by user code without interrupting us (like a DOM event listener's). */
export function report(error: unknown): void {
  ((globalThis as { reportError?: (error: unknown) => void }).reportError ?? console.error)(error);
}

/** Runs `fn`; a throw is reported, not propagated. */
export function attempt(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (error) {
    report(error);
  }
}

/** Wraps a handler we give to OpenTok: a throw inside it would stop OpenTok's remaining handlers. */
export function guard<E>(fn: (event: E) => void): (event: E) => void {
  return (event) => {
    attempt(() => fn(event));
  };
}
