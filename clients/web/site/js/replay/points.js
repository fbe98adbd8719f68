// The replay page's sliders and their timing: which day or position a slider
// stands for, a debounce while dragging, and dropping answers that arrive
// after a newer question. Timers are injectable for the tests.

const DAY_MS = 24 * 60 * 60 * 1000;

function utcDay(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
}

// Days from `first` to `last` ("YYYY-MM-DD", inclusive): how many.
export function dayCount(first, last) {
  const n = Math.round((utcDay(last) - utcDay(first)) / DAY_MS) + 1;
  return Number.isFinite(n) && n > 0 ? n : 1;
}

// The day `index` days after `first`, "YYYY-MM-DD".
export function dayAt(first, index) {
  return new Date(utcDay(first) + index * DAY_MS).toISOString().slice(0, 10);
}

// The slider's index of `day` within [first, ...], clamped to [0, count-1].
export function indexOfDay(first, day, count) {
  const i = Math.round((utcDay(day) - utcDay(first)) / DAY_MS);
  if (!Number.isFinite(i)) return count - 1;
  return Math.min(Math.max(i, 0), count - 1);
}

// The as-of of a StatusRequest for a slider's point.
export function asOfDate(day) {
  return { asOf: { businessDate: day }, referenceDate: day };
}
export function asOfPosition(position) {
  return { asOf: { position: String(position) } };
}

// fn, called `ms` after the last of a burst of calls, with that call's args.
export function debounce(fn, ms, timers = globalThis) {
  let handle = null;
  return (...args) => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = timers.setTimeout(() => {
      handle = null;
      fn(...args);
    }, ms);
  };
}

// Wraps an async function so that only the answer to the latest call is
// delivered to onAnswer/onError (an earlier, slower answer is dropped).
export function latestOnly(ask, onAnswer, onError) {
  let asked = 0;
  return async (...args) => {
    asked += 1;
    const mine = asked;
    try {
      const answer = await ask(...args);
      if (mine === asked) onAnswer(answer, ...args);
    } catch (error) {
      if (mine === asked) onError(error, ...args);
    }
  };
}
