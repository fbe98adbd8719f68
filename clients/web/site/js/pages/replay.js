// Xem lại / Replay: the program as it stood at a business date or at a
// recorded position (two sliders, StatusRequest.asOf), and what changed
// between two dates side by side (diffDashboards).
import { planYear } from '../forms/choices.js';
import { diffDashboards } from '../replay/diff.js';
import {
  asOfDate, asOfPosition, dayAt, dayCount, debounce, indexOfDay, latestOnly,
} from '../replay/points.js';
import { changesView, dashboardSummary } from '../replay/view.js';

const L = (vi, en) => ({ vi, en });
const DRAG_MS = 250;  // wait this long after the slider stops before asking

function errorText(ctx, error) {
  return typeof error?.human === 'function' ? error.human(ctx.lang) : String(error?.message ?? error);
}

function errorBox(ctx, error) {
  return ctx.el('p', { class: 'form-error', role: 'alert', 'data-error': '' }, errorText(ctx, error));
}

// The slider's range of days: the plan year's first day to the reference
// date of the current answer (today's, by the server's clock).
export function dayRange(dashboard) {
  const first = `${planYear(dashboard)}-01-01`;
  const reference = dashboard?.basis?.referenceDate || first;
  const last = reference < first ? first : reference;
  return { first, last, count: dayCount(first, last) };
}

// Which dates the comparison starts with: ?from=&to= if given, else the
// middle of the plan year and the last day of the range.
export function comparePoints(range, query) {
  const year = range.first.slice(0, 4);
  let from = query?.get('from') || `${year}-06-30`;
  const to = query?.get('to') || range.last;
  if (from > to) from = range.first;
  return { from, to };
}

export const page = {
  route: 'xem-lai',
  title: L('Xem lại', 'Replay'),
  nav: true,
  async render(root, ctx, params = {}) {
    const query = params.query ?? new URLSearchParams();
    root.replaceChildren(ctx.el('h2', {}, ctx.t(L('Xem lại', 'Replay'))));
    let now;
    try {
      now = await ctx.call('ProgramStatus', 'GetDashboard', {});
    } catch (error) {
      root.append(errorBox(ctx, error));
      return;
    }
    const range = dayRange(now);
    let logSize = Number(now.basis?.logSize ?? 0);

    // --- One point in time, chosen by either slider.
    const pointLabel = ctx.el('p', { class: 'replay-point', 'data-point': '', 'aria-live': 'polite' });
    const pointView = ctx.el('div', { 'data-view': 'point' }, dashboardSummary(ctx, now));
    const show = latestOnly(
      (request) => ctx.call('ProgramStatus', 'GetDashboard', request),
      (answer) => pointView.replaceChildren(dashboardSummary(ctx, answer)),
      (error) => pointView.replaceChildren(errorBox(ctx, error)));
    const ask = debounce(show, DRAG_MS);

    const dateSlider = ctx.el('input', {
      id: 'replay-date', type: 'range', min: '0', max: String(range.count - 1), step: '1', 'data-slider': 'date',
    });
    dateSlider.value = String(range.count - 1);
    const positionSlider = ctx.el('input', {
      id: 'replay-position', type: 'range', min: '0', max: String(logSize), step: '1', 'data-slider': 'position',
    });
    positionSlider.value = String(logSize);
    const dateOut = ctx.el('output', { for: 'replay-date' }, ctx.fmt.date(range.last));
    const positionOut = ctx.el('output', { for: 'replay-position' }, String(logSize));
    pointLabel.textContent = ctx.t({
      vi: `Hiện tại (ngày tham chiếu ${ctx.fmt.date(range.last)})`, en: `Now (reference date ${ctx.fmt.date(range.last)})`,
    });

    // The slider moves a day at a time; an exact day (30/06/2024) is typed
    // in the date input beside it, and each follows the other.
    const dayInput = ctx.el('input', {
      id: 'replay-day', type: 'date', 'data-field': 'day', min: range.first, max: range.last,
    });
    dayInput.value = range.last;
    const showDay = (day) => {
      dateOut.textContent = ctx.fmt.date(day);
      dayInput.value = day;
      pointLabel.textContent = ctx.t({
        vi: `Những gì đã xảy ra đến hết ngày ${ctx.fmt.date(day)}`, en: `What had happened by the end of ${ctx.fmt.date(day)}`,
      });
      ask(asOfDate(day));
    };
    dateSlider.addEventListener('input', () => showDay(dayAt(range.first, Number(dateSlider.value))));
    dayInput.addEventListener('change', () => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(dayInput.value)) return;  // still being typed, or cleared
      const index = indexOfDay(range.first, dayInput.value, range.count);
      dateSlider.value = String(index);
      showDay(dayAt(range.first, index));
    });
    positionSlider.addEventListener('input', () => {
      const position = Number(positionSlider.value);
      positionOut.textContent = String(position);
      pointLabel.textContent = ctx.t({
        vi: `Những gì nhật ký ghi khi mới có ${position} sự kiện đầu`, en: `What the records said when the log held its first ${position} events`,
      });
      ask(asOfPosition(position));
    });

    root.append(ctx.el('section', { class: 'replay-sliders' },
      ctx.el('h3', {}, ctx.t(L('Một thời điểm', 'One point in time'))),
      ctx.el('div', { class: 'field' },
        ctx.el('label', { for: 'replay-date' }, ctx.t(L('Theo ngày xảy ra (ngày nghiệp vụ)', 'By business date (when it happened)'))),
        dateSlider, dateOut),
      ctx.el('div', { class: 'field' },
        ctx.el('label', { for: 'replay-day' }, ctx.t(L('Hoặc gõ đúng ngày cần xem', 'Or type the exact day'))), dayInput),
      ctx.el('div', { class: 'field' },
        ctx.el('label', { for: 'replay-position' }, ctx.t(L('Theo vị trí đã ghi trong nhật ký', 'By recorded position in the log'))),
        positionSlider, positionOut),
      pointLabel, pointView));

    // --- Two dates side by side.
    const points = comparePoints(range, query);
    const fromInput = ctx.el('input', { id: 'replay-from', type: 'date', 'data-field': 'from', min: range.first, max: range.last });
    const toInput = ctx.el('input', { id: 'replay-to', type: 'date', 'data-field': 'to', min: range.first, max: range.last });
    fromInput.value = points.from;
    toInput.value = points.to;
    const compareView = ctx.el('div', { 'data-view': 'compare', 'aria-live': 'polite' });
    const compare = latestOnly(
      (from, to) => Promise.all([
        ctx.call('ProgramStatus', 'GetDashboard', asOfDate(from)),
        ctx.call('ProgramStatus', 'GetDashboard', asOfDate(to))]),
      ([a, b]) => compareView.replaceChildren(changesView(ctx, diffDashboards(a, b))),
      (error) => compareView.replaceChildren(errorBox(ctx, error)));
    const button = ctx.el('button', { type: 'submit' }, ctx.t(L('So sánh', 'Compare')));
    const form = ctx.el('form', { class: 'replay-compare', 'data-form': 'replay-compare' },
      ctx.el('div', { class: 'field' }, ctx.el('label', { for: 'replay-from' }, ctx.t(L('Từ ngày', 'From'))), fromInput),
      ctx.el('div', { class: 'field' }, ctx.el('label', { for: 'replay-to' }, ctx.t(L('Đến ngày', 'To'))), toInput),
      button);
    const run = () => {
      const [from, to] = fromInput.value <= toInput.value
        ? [fromInput.value, toInput.value] : [toInput.value, fromInput.value];
      if (!from || !to) {
        compareView.replaceChildren(ctx.el('p', { class: 'form-error', role: 'alert' },
          ctx.t(L('Hãy chọn cả hai ngày.', 'Choose both dates.'))));
        return Promise.resolve();
      }
      return compare(from, to);
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      run();
    });
    root.append(ctx.el('section', {},
      ctx.el('h3', {}, ctx.t(L('Hai ngày cạnh nhau: những gì đã thay đổi', 'Two dates side by side: what changed'))),
      form, compareView));

    // The log grows: the position slider reaches the new events.
    ctx.onLive?.(async () => {
      try {
        const head = await ctx.call('ProgramStatus', 'GetDashboard', {});
        const size = Number(head.basis?.logSize ?? logSize);
        const atEnd = Number(positionSlider.value) === logSize;
        logSize = size;
        positionSlider.setAttribute('max', String(size));
        if (atEnd) {
          positionSlider.value = String(size);
          positionOut.textContent = String(size);
        }
      } catch {
        // The next growth asks again; the page keeps what it shows.
      }
    });
    await run();
  },
};
