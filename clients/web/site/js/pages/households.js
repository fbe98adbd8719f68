// Hộ gia đình: the register (Households/GetRegister: pseudonyms and numbers,
// never personal data) with the poor and near-poor rates computed from it
// (GetHouseholdTargets), as of a date, for a village or the commune; and one
// household (#/ho-gia-dinh/<id>): its classifications, its support, its
// timeline with proofs, and — for a role that needs it — its personal data,
// each reading recorded in the log by the server before it is shown.
import { put, figure, section, table, empty, journalLink } from './parts.js';
import { entityTimeline } from './timeline_view.js';
import {
  classificationWords, rateFromBp, parseHistory, villagesOf, villageOf, dateOrEmpty, personalFields,
} from './households_data.js';

const ROUTE = 'ho-gia-dinh';

function filterForm(ctx, villages, village, asOf) {
  const select = ctx.el('select', { id: 'hh-village', name: 'village', 'data-field': 'village' },
    ctx.el('option', { value: '' }, ctx.t({ vi: 'Cả xã', en: 'The whole commune' })),
    villages.map((v) => ctx.el('option', { value: v, selected: v === village }, v)));
  const date = ctx.el('input', { id: 'hh-as-of', name: 'asOf', type: 'date', 'data-field': 'as-of', value: asOf });
  return ctx.el('form', {
    class: 'filters', 'data-form': 'register-filter',
    onsubmit: (e) => {
      e.preventDefault();
      ctx.navigate(ctx.hashFor(ROUTE, null, { village: select.value, asOf: dateOrEmpty(date.value) }));
    },
  },
  ctx.el('div', {}, ctx.el('label', { for: 'hh-village' }, ctx.t({ vi: 'Thôn', en: 'Village' })), select),
  ctx.el('div', {}, ctx.el('label', { for: 'hh-as-of' }, ctx.t({ vi: 'Tính đến ngày (trống: hôm nay)', en: 'As of (empty: today)' })), date),
  ctx.el('div', { class: 'actions' }, ctx.el('button', { type: 'submit' }, ctx.t({ vi: 'Xem', en: 'Show' }))));
}

// What the register was read from (no deadlines to judge here: the date
// that matters is the as-of date of the form).
function registerBasis(ctx, b) {
  if (!b) return null;
  return ctx.el('p', { class: 'muted basis', 'data-basis-position': String(b.position ?? '') },
    ctx.t({ vi: `Tính từ ${b.position} trong ${b.logSize} sự kiện của sổ cái.`, en: `Computed from ${b.position} of the log's ${b.logSize} events.` }),
    b.illustrativeData ? ctx.el('strong', {}, ctx.t({
      vi: ' Có dữ liệu minh họa (không phải số liệu thật).', en: ' Includes illustrative data (not real figures).' })) : '');
}

function rateRow(ctx, r, key, name) {
  return [
    name,
    figure(ctx, `households:${key}`, r.households, ctx.fmt.integer(r.households || 0)),
    figure(ctx, `classified:${key}`, r.classified, ctx.fmt.integer(r.classified || 0)),
    figure(ctx, `poor:${key}`, r.poor, ctx.fmt.integer(r.poor || 0)),
    figure(ctx, `poor-rate:${key}`, r.poorRateBp, rateFromBp(r.poorRateBp || 0, ctx.lang)),
    figure(ctx, `near-poor:${key}`, r.nearPoor, ctx.fmt.integer(r.nearPoor || 0)),
    figure(ctx, `near-poor-rate:${key}`, r.nearPoorRateBp, rateFromBp(r.nearPoorRateBp || 0, ctx.lang)),
  ];
}

function ratesTable(ctx, targets) {
  const rows = (targets.villages || []).map((v) => rateRow(ctx, v, v.villageId, v.villageId));
  if (targets.commune) rows.push(rateRow(ctx, targets.commune, 'commune', ctx.el('strong', {}, ctx.t({ vi: 'Cả xã', en: 'Commune' }))));
  if (!rows.length) return empty(ctx, { vi: 'Chưa có hộ nào trong danh sách.', en: 'No household registered yet.' });
  return table(ctx, [
    { vi: 'Thôn', en: 'Village' }, { label: { vi: 'Số hộ', en: 'Households' }, num: true },
    { label: { vi: 'Đã phân loại', en: 'Classified' }, num: true },
    { label: { vi: 'Hộ nghèo', en: 'Poor' }, num: true }, { label: { vi: 'Tỷ lệ hộ nghèo', en: 'Poor rate' }, num: true },
    { label: { vi: 'Hộ cận nghèo', en: 'Near-poor' }, num: true }, { label: { vi: 'Tỷ lệ hộ cận nghèo', en: 'Near-poor rate' }, num: true },
  ], rows, { vi: 'Tỷ lệ tính trên số hộ trong danh sách đến ngày đã chọn.', en: 'Rates over the households registered by the chosen date.' });
}

function registerTable(ctx, households, asOf) {
  if (!households.length) return empty(ctx, { vi: 'Không có hộ nào.', en: 'No household.' });
  const t = table(ctx, [
    { vi: 'Mã hộ', en: 'Household' }, { vi: 'Thôn', en: 'Village' }, { vi: 'Khu vực', en: 'Area' },
    { label: { vi: 'Số nhân khẩu', en: 'Members' }, num: true }, { vi: 'Phân loại mới nhất', en: 'Latest classification' },
    { label: { vi: 'Lần hỗ trợ', en: 'Support' }, num: true },
  ], households.map((h) => [
    ctx.el('a', { href: ctx.hashFor(ROUTE, h.householdId, { asOf }), 'data-household': h.householdId }, h.householdId),
    h.villageId, areaWord(ctx, h.area),
    figure(ctx, `members:${h.householdId}`, h.memberCount, ctx.fmt.integer(h.memberCount || 0)),
    ctx.el('span', {}, figure(ctx, `class:${h.householdId}`, h.classification, ctx.t(classificationWords(h.classification))),
      h.personalDataErased ? ctx.el('span', { class: 'muted', 'data-erased': h.householdId },
        ctx.t({ vi: ' · dữ liệu cá nhân đã xoá', en: ' · personal data erased' })) : ''),
    figure(ctx, `support:${h.householdId}`, h.supportCount, ctx.fmt.integer(h.supportCount || 0)),
  ]), { vi: 'Mã hộ là bí danh: danh sách không có thông tin cá nhân.', en: 'Household ids are pseudonyms: the register holds no personal data.' });
  return t;
}

function areaWord(ctx, area) {
  if (area === 'rural') return ctx.t({ vi: 'nông thôn', en: 'rural' });
  if (area === 'urban') return ctx.t({ vi: 'thành thị', en: 'urban' });
  return area || '—';
}

async function renderRegister(root, ctx, params) {
  const village = params.query.get('village') || '';
  const asOf = dateOrEmpty(params.query.get('asOf'));
  // The commune's rates are needed beside a village's list: the targets are
  // asked for every village; the register for the chosen one.
  const [register, targets] = await Promise.all([
    ctx.call('Households', 'GetRegister', { asOfDate: asOf, villageId: village }),
    ctx.call('Households', 'GetHouseholdTargets', { asOfDate: asOf }),
  ]);
  const households = register.households || [];
  const villages = villagesOf([...households, ...(targets.villages || [])]);
  if (village && !villages.includes(village)) villages.push(village);
  put(root,
    ctx.el('h1', {}, ctx.t({ vi: 'Hộ gia đình', en: 'Households' })),
    registerBasis(ctx, register.basis),
    filterForm(ctx, villages, village, asOf),
    section(ctx, { vi: 'Tỷ lệ hộ nghèo, cận nghèo theo danh sách hộ', en: 'Poor and near-poor rates from the register' },
      ratesTable(ctx, targets)),
    section(ctx, village ? { vi: `Danh sách hộ thôn ${village}`, en: `Households of ${village}` } : { vi: 'Danh sách hộ', en: 'The register' },
      ctx.el('p', {}, ctx.t({ vi: 'Số hộ: ', en: 'Households: ' }),
        figure(ctx, 'register-count', households.length, ctx.fmt.integer(households.length))),
      registerTable(ctx, households, asOf)));
}

// ---- one household

function historyTable(ctx, h) {
  const history = parseHistory(h.history);
  if (!history.length) return empty(ctx, { vi: 'Hộ chưa được phân loại lần nào.', en: 'Never classified yet.' });
  return table(ctx, [{ vi: 'Đợt rà soát', en: 'Review' }, { vi: 'Phân loại', en: 'Classification' }],
    history.map((e) => [e.reviewId || '—',
      ctx.el('span', { 'data-classification': e.classification }, ctx.t(classificationWords(e.classification)))]));
}

function personalView(ctx, view) {
  const fields = personalFields(view);
  const value = (f) => ctx.el('span', { 'data-personal': f.field, class: f.erased ? 'muted' : null },
    typeof f.value === 'string' ? f.value : ctx.t(f.value));
  const list = ctx.el('dl', { class: 'personal' },
    fields.household.map((f) => [ctx.el('dt', {}, ctx.t(f.label)), ctx.el('dd', {}, value(f))]));
  const members = fields.members.length ? table(ctx, fields.members[0].map((f) => f.label),
    fields.members.map((row) => row.map(value)), { vi: 'Nhân khẩu', en: 'Members' }) : empty(ctx, { vi: 'Không có nhân khẩu.', en: 'No members.' });
  const note = fields.erased
    ? ctx.el('p', { class: 'note', 'data-personal-erased': 'true' }, ctx.t({
      vi: 'Dữ liệu cá nhân của hộ này đã xoá theo quy định; sổ cái vẫn kiểm chứng được.',
      en: "This household's personal data was erased as the law requires; the log still verifies." }))
    : ctx.el('p', { class: 'note', 'data-access-position': String(view.accessPosition ?? '') }, ctx.t({
      vi: `Lần xem này đã được ghi vào sổ, vị trí ${view.accessPosition}.`,
      en: `This reading was recorded in the log, position ${view.accessPosition}.` }));
  return ctx.el('div', { 'data-personal-view': view.householdId || '' }, note, list, members);
}

// Words for a refusal: the server without the method says so plainly.
function personalError(ctx, e) {
  if (e && (e.code === 'unimplemented' || (e.code === 'not_found' && /method|unimplemented/i.test(e.message || '')))) {
    return ctx.el('p', { class: 'error', role: 'alert', 'data-error': 'unimplemented' }, ctx.t({
      vi: 'Máy chủ này chưa có chức năng xem thông tin cá nhân của hộ.',
      en: "This server cannot show a household's personal data yet." }));
  }
  return ctx.el('p', { class: 'error', role: 'alert', 'data-error': e && e.code ? e.code : 'error' },
    e && e.human ? e.human(ctx.lang) : String(e && e.message ? e.message : e));
}

function personalForm(ctx, householdId) {
  const box = ctx.el('div', { 'data-personal-result': '' });
  const purpose = ctx.el('input', {
    id: 'pd-purpose', name: 'purpose', required: true, maxlength: '200', 'data-field': 'purpose', autocomplete: 'off',
    placeholder: ctx.t({ vi: 'ví dụ: xác minh hồ sơ hỗ trợ nhà ở', en: 'e.g. checking a housing support file' }),
  });
  const button = ctx.el('button', { type: 'submit' }, ctx.t({ vi: 'Xem thông tin cá nhân', en: 'See the personal data' }));
  const form = ctx.el('form', {
    class: 'filters', 'data-form': 'personal-data',
    onsubmit: async (e) => {
      e.preventDefault();
      const why = purpose.value.trim();
      box.textContent = '';
      if (!why) {
        box.append(ctx.el('p', { class: 'error', role: 'alert' }, ctx.t({ vi: 'Hãy ghi mục đích xem.', en: 'Say why you read it.' })));
        purpose.focus();
        return;
      }
      button.disabled = true;
      try {
        const view = await ctx.call('Households', 'GetHouseholdPersonalData', { householdId, purpose: why });
        box.append(personalView(ctx, view));
      } catch (err) {
        box.append(personalError(ctx, err));
      } finally {
        button.disabled = false;
      }
    },
  },
  ctx.el('div', {}, ctx.el('label', { for: 'pd-purpose' }, ctx.t({ vi: 'Mục đích xem (được ghi vào sổ)', en: 'Purpose (recorded in the log)' })), purpose),
  ctx.el('div', { class: 'actions' }, button));
  return [
    ctx.el('p', { class: 'muted' }, ctx.t({
      vi: 'Mỗi lần xem được ghi vào sổ cái: ai xem, hộ nào, khi nào, vì sao. Chủ hộ có quyền hỏi.',
      en: 'Every reading is recorded in the log: who read whose data, when, why. The household may ask.' })),
    form, box];
}

async function renderHousehold(root, ctx, params) {
  const id = params.id;
  const asOf = dateOrEmpty(params.query.get('asOf'));
  const register = await ctx.call('Households', 'GetRegister', { asOfDate: asOf, villageId: villageOf(id) });
  const h = (register.households || []).find((x) => x.householdId === id);
  const back = ctx.el('p', {}, ctx.el('a', { href: ctx.hashFor(ROUTE, null, { village: villageOf(id), asOf }) },
    ctx.t({ vi: '← Danh sách hộ', en: '← The register' })));
  if (!h) {
    put(root, ctx.el('h1', {}, `${ctx.t({ vi: 'Hộ', en: 'Household' })} ${id}`), back,
      ctx.el('p', { class: 'muted', 'data-error': 'not_found' }, ctx.t({
        vi: 'Không có hộ này trong danh sách (đến ngày đã chọn).', en: 'No such household in the register (by the chosen date).' })));
    return;
  }
  const timeline = ctx.el('div', { 'data-timeline': id });
  // Erased: nothing is left to read, for any role: "đã xoá" in every field.
  let personal;
  if (h.personalDataErased) personal = personalView(ctx, { householdId: id, erased: true });
  else if (ctx.may('Households', 'GetHouseholdPersonalData')) personal = personalForm(ctx, id);
  else {
    personal = ctx.el('p', { class: 'muted', 'data-not-allowed': 'personal-data' }, ctx.t({
      vi: 'Vai trò của bạn chỉ xem được mã hộ (bí danh), không xem được thông tin cá nhân.',
      en: 'Your role sees household ids (pseudonyms) only, not personal data.' }));
  }
  put(root,
    ctx.el('h1', {}, `${ctx.t({ vi: 'Hộ', en: 'Household' })} ${id}`), back,
    registerBasis(ctx, register.basis),
    ctx.el('div', { class: 'cards' },
      card(ctx, { vi: 'Thôn', en: 'Village' }, h.villageId),
      card(ctx, { vi: 'Khu vực', en: 'Area' }, areaWord(ctx, h.area)),
      card(ctx, { vi: 'Số nhân khẩu', en: 'Members' }, figure(ctx, 'members', h.memberCount, ctx.fmt.integer(h.memberCount || 0))),
      card(ctx, { vi: 'Phân loại mới nhất', en: 'Latest classification' }, figure(ctx, 'classification', h.classification, ctx.t(classificationWords(h.classification)))),
      card(ctx, { vi: 'Số lần được hỗ trợ', en: 'Support received' }, figure(ctx, 'support-count', h.supportCount, ctx.fmt.integer(h.supportCount || 0)))),
    section(ctx, { vi: 'Lịch sử phân loại', en: 'Classification history' }, historyTable(ctx, h)),
    section(ctx, { vi: 'Thông tin cá nhân', en: 'Personal data' }, personal),
    section(ctx, { vi: 'Diễn biến của hộ (hỗ trợ, rà soát), kiểm chứng trong trình duyệt', en: "The household's timeline (support, reviews), verified in this browser" },
      timeline, journalLink(ctx, { entity: id })));
  await entityTimeline(ctx, timeline, { entity: id });
}

function card(ctx, label, value) {
  return ctx.el('div', { class: 'card' }, ctx.el('span', { class: 'label' }, ctx.t(label)), ctx.el('span', { class: 'value' }, value));
}

export const page = {
  route: ROUTE,
  title: { vi: 'Hộ gia đình', en: 'Households' },
  nav: true,
  needs: ['Households', 'GetRegister'],
  async render(root, ctx, params) {
    if (params.id) await renderHousehold(root, ctx, params);
    else await renderRegister(root, ctx, params);
  },
};
