// A page of Timeline/GetTimeline (withProofs) as rows: position, business
// date, actor, the event in one sentence, and the mark of its inclusion
// proof checked in this browser against the page's signed checkpoint.
import { table, empty, mayReadTimeline, timelineNotAllowed } from './parts.js';

// The mark map's key may be a number or a string: look up both.
function markFor(marks, position) {
  return marks.get(position) ?? marks.get(String(position)) ?? marks.get(Number(position));
}

// Decodes and verifies a page's items → [{item, decoded, check}].
export async function checkedRows(ctx, page) {
  const items = page.items || [];
  let marks = new Map();
  let markError = null;
  try {
    marks = await ctx.verify.markItems(items, page.checkpoint);
  } catch (e) {
    markError = e && e.message ? e.message : String(e);
  }
  const rows = [];
  for (const item of items) {
    let decoded;
    try {
      decoded = await ctx.events.decode(item.event);
    } catch (e) {
      decoded = { position: item.proof?.position ?? item.event?.record?.position, type: '', payload: null,
        decodeError: e && e.message ? e.message : String(e) };
    }
    const position = decoded.position ?? item.proof?.position;
    const check = markFor(marks, position) ?? { ok: false,
      reason: markError ?? ctx.t({ vi: 'Không có kết quả kiểm chứng cho sự kiện này', en: 'No check result for this event' }) };
    rows.push({ item, decoded, check, position });
  }
  return rows;
}

export function timelineTable(ctx, rows) {
  if (!rows.length) return empty(ctx, { vi: 'Không có sự kiện nào.', en: 'No events.' });
  const t = table(ctx, [
    { label: { vi: 'Vị trí', en: 'Position' }, num: true }, { vi: 'Ngày', en: 'Date' },
    { vi: 'Người ghi', en: 'Recorded by' }, { label: { vi: 'Sự kiện', en: 'Event' }, text: true },
    { vi: 'Kiểm chứng', en: 'Verified' },
  ], rows.map((r) => [
    String(r.position ?? '?'),
    ctx.fmt.date(r.decoded.businessDate),
    r.decoded.actor || '—',
    r.decoded.decodeError
      ? ctx.el('span', { class: 'error' }, ctx.t({ vi: 'Không đọc được sự kiện: ', en: 'Cannot read the event: ' }), r.decoded.decodeError)
      : ctx.events.describe(r.decoded),
    ctx.verify.mark(r.check),
  ]));
  t.classList.add('timeline');
  // Rows carry their position and verdict for tests and for linking.
  const trs = t.querySelectorAll('tbody tr');
  rows.forEach((r, i) => {
    trs[i].dataset.position = String(r.position ?? '');
    trs[i].dataset.verified = r.check && r.check.ok ? 'ok' : 'bad';
    trs[i].dataset.type = r.decoded.type || '';
  });
  return t;
}

// The first page of an entity's timeline with its marks, into `box`; a
// refusal (an entity no event is about yet) is said there, not thrown.
export async function entityTimeline(ctx, box, request) {
  if (!mayReadTimeline(ctx)) {
    box.textContent = '';
    box.append(timelineNotAllowed(ctx));
    return;
  }
  try {
    const page = await ctx.call('Timeline', 'GetTimeline', { withProofs: true, limit: 100, ...request });
    const rows = await checkedRows(ctx, page);
    box.textContent = '';
    box.append(timelineTable(ctx, rows));
    if (page.nextPosition !== undefined && page.nextPosition !== null) {
      box.append(ctx.el('p', {}, ctx.t({ vi: 'Còn nữa: xem trong Nhật ký.', en: 'More in the Journal.' })));
    }
  } catch (e) {
    box.textContent = '';
    box.append(ctx.el('p', { class: e && e.code === 'not_found' ? 'muted' : 'error', role: 'alert' },
      e && e.human ? e.human(ctx.lang) : String(e)));
  }
}
