// Live updates: the server's /api/live event stream says the log's size each
// time it grows. Calls onGrow(logSize) at most once per `debounceMs` burst,
// and onState('live' | 'reconnecting') as the stream comes and goes
// (EventSource reconnects by itself after the server ends a stream).
export function watchLog({ onGrow, onState, debounceMs = 800, EventSourceImpl = globalThis.EventSource }) {
  if (!EventSourceImpl) {
    onState('unsupported');
    return () => {};
  }
  let lastSize = null;
  let timer = null;
  const source = new EventSourceImpl('/api/live');
  source.onopen = () => onState('live');
  source.onerror = () => onState('reconnecting');
  source.addEventListener('head', (message) => {
    let size = null;
    try {
      size = String(JSON.parse(message.data).logSize);
    } catch {
      return;  // a line we cannot read: wait for the next one
    }
    onState('live');
    if (lastSize === null) {
      lastSize = size;  // the first head only tells where we are
      return;
    }
    if (size === lastSize) return;
    lastSize = size;
    clearTimeout(timer);
    timer = setTimeout(() => onGrow(size), debounceMs);
  });
  return () => {
    clearTimeout(timer);
    source.close();
  };
}
