import test from 'node:test';
import assert from 'node:assert/strict';
import { watchLog } from '../site/js/live.js';

// A fake EventSource the test drives by hand.
class FakeSource {
  static last = null;
  constructor(url) {
    this.url = url;
    this.listeners = {};
    this.closed = false;
    FakeSource.last = this;
  }
  addEventListener(name, fn) { this.listeners[name] = fn; }
  head(logSize) { this.listeners.head({ data: JSON.stringify({ logSize }) }); }
  close() { this.closed = true; }
}

const tick = (ms) => new Promise((r) => setTimeout(r, ms));

test('the first head sets the baseline; a burst of growth calls onGrow once with the last size', async () => {
  const grown = [];
  const states = [];
  const stop = watchLog({ onGrow: (s) => grown.push(s), onState: (s) => states.push(s), debounceMs: 20, EventSourceImpl: FakeSource });
  const src = FakeSource.last;
  assert.equal(src.url, '/api/live');
  src.onopen();
  src.head('89');
  await tick(40);
  assert.deepEqual(grown, []);
  src.head('90');
  src.head('91');
  src.head('91');
  await tick(40);
  assert.deepEqual(grown, ['91']);
  src.head('91');
  await tick(40);
  assert.deepEqual(grown, ['91']);
  src.onerror();
  assert.deepEqual(states.slice(-1), ['reconnecting']);
  src.listeners.head({ data: 'not json' });  // ignored
  stop();
  assert.ok(src.closed);
});

test('stopping cancels a pending call; no EventSource says unsupported', async () => {
  const grown = [];
  const stop = watchLog({ onGrow: (s) => grown.push(s), onState: () => {}, debounceMs: 20, EventSourceImpl: FakeSource });
  FakeSource.last.head('1');
  FakeSource.last.head('2');
  stop();
  await tick(40);
  assert.deepEqual(grown, []);
  const states = [];
  watchLog({ onGrow: () => {}, onState: (s) => states.push(s), EventSourceImpl: null });
  assert.deepEqual(states, ['unsupported']);
});
