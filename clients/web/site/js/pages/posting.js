// Niêm yết: the public posting list of a review in a village
// (Households/GetPostingList): exactly what the law makes public during the
// posting window — household id, head's name, classification — and, once the
// window has closed, one sentence and nothing else. Print-ready (the print
// stylesheet hides the navigation and the form).
import { put, figure, table, empty } from './parts.js';
import { classificationWords, villagesOf, reviewsOf, dateOrEmpty, postingState, ERASED } from './households_data.js';

const ROUTE = 'niem-yet';

function selectOf(ctx, id, name, values, chosen) {
  return ctx.el('select', { id, name, 'data-field': name },
    values.map((v) => ctx.el('option', { value: v, selected: v === chosen }, v)));
}

function choiceForm(ctx, reviews, villages, review, village, asOf) {
  const reviewSelect = selectOf(ctx, 'posting-review', 'review', reviews, review);
  const villageSelect = selectOf(ctx, 'posting-village', 'village', villages, village);
  const date = ctx.el('input', { id: 'posting-as-of', name: 'asOf', type: 'date', 'data-field': 'as-of', value: asOf });
  return ctx.el('form', {
    class: 'filters', 'data-form': 'posting-choice',
    onsubmit: (e) => {
      e.preventDefault();
      ctx.navigate(ctx.hashFor(ROUTE, null, { review: reviewSelect.value, village: villageSelect.value, asOf: dateOrEmpty(date.value) }));
    },
  },
  ctx.el('div', {}, ctx.el('label', { for: 'posting-review' }, ctx.t({ vi: 'Đợt rà soát', en: 'Review' })), reviewSelect),
  ctx.el('div', {}, ctx.el('label', { for: 'posting-village' }, ctx.t({ vi: 'Thôn', en: 'Village' })), villageSelect),
  ctx.el('div', {}, ctx.el('label', { for: 'posting-as-of' }, ctx.t({ vi: 'Ngày xem (trống: hôm nay)', en: 'On (empty: today)' })), date),
  ctx.el('div', { class: 'actions' }, ctx.el('button', { type: 'submit' }, ctx.t({ vi: 'Xem', en: 'Show' }))));
}

function entriesTable(ctx, list) {
  const entries = list.entries || [];
  if (!entries.length) return empty(ctx, { vi: 'Danh sách không có hộ nào.', en: 'The list holds no household.' });
  const t = table(ctx, [
    { label: { vi: 'STT', en: 'No.' }, num: true }, { vi: 'Mã hộ', en: 'Household' },
    { label: { vi: 'Họ tên chủ hộ', en: "Head of household's name" }, text: true }, { vi: 'Phân loại', en: 'Classification' },
  ], entries.map((e, i) => [
    String(i + 1), ctx.el('span', { 'data-household': e.householdId }, e.householdId),
    e.erased ? ctx.el('span', { class: 'muted', 'data-erased': e.householdId }, ctx.t(ERASED)) : e.headName,
    ctx.t(classificationWords(e.classification)),
  ]));
  return t;
}

function printButton(ctx) {
  return ctx.el('button', { type: 'button', class: 'secondary no-print', 'data-action': 'print', onclick: () => globalThis.print() },
    ctx.t({ vi: 'In danh sách', en: 'Print the list' }));
}

export const page = {
  route: ROUTE,
  title: { vi: 'Niêm yết', en: 'Public posting' },
  nav: true,
  needs: ['Households', 'GetPostingList'],
  async render(root, ctx, params) {
    const asOf = dateOrEmpty(params.query.get('asOf'));
    // The reviews and villages to choose from are those the register names
    // (pseudonyms only: every role may read it).
    const register = await ctx.call('Households', 'GetRegister', {});
    const households = register.households || [];
    const reviews = reviewsOf(households);
    const villages = villagesOf(households);
    const review = params.query.get('review') || reviews[0] || '';
    const village = params.query.get('village') || villages[0] || '';
    const heading = ctx.el('h1', {}, ctx.t({ vi: 'Danh sách niêm yết công khai', en: 'Public posting list' }));
    if (!review || !village) {
      put(root, heading, empty(ctx, { vi: 'Chưa có đợt rà soát nào.', en: 'No review yet.' }));
      return;
    }
    const form = choiceForm(ctx, reviews.includes(review) ? reviews : [...reviews, review],
      villages.includes(village) ? villages : [...villages, village], review, village, asOf);
    const list = await ctx.call('Households', 'GetPostingList', { reviewId: review, villageId: village, asOfDate: asOf });
    const state = postingState(list, asOf);
    root.setAttribute('data-posting', state);
    if (state === 'closed') {
      put(root, heading, form, ctx.el('p', { class: 'note', 'data-posting-state': 'closed' },
        ctx.t({ vi: 'Danh sách đã hết thời gian niêm yết', en: 'The posting period of this list is over' })));
      return;
    }
    if (state === 'not-posted') {
      put(root, heading, form, ctx.el('p', { class: 'note', 'data-posting-state': 'not-posted' },
        ctx.t({ vi: 'Danh sách chưa được niêm yết', en: 'The list has not been posted yet' })));
      return;
    }
    put(root, heading, form,
      ctx.el('p', { class: 'plan' }, ctx.t({
        vi: `Đợt rà soát ${list.reviewId}, thôn ${list.villageId}: niêm yết từ ngày ${ctx.fmt.date(list.postedOn)}, nhận ý kiến, khiếu nại đến hết ngày ${ctx.fmt.date(list.complaintsUntil)}.`,
        en: `Review ${list.reviewId}, village ${list.villageId}: posted on ${ctx.fmt.date(list.postedOn)}, complaints until the end of ${ctx.fmt.date(list.complaintsUntil)}.` })),
      ctx.el('p', {}, ctx.t({ vi: 'Số hộ: ', en: 'Households: ' }),
        figure(ctx, 'posting-count', (list.entries || []).length, ctx.fmt.integer((list.entries || []).length))),
      entriesTable(ctx, list),
      ctx.el('p', { class: 'muted' }, ctx.t({
        vi: 'Theo Quyết định 24/2021/QĐ-TTg. Danh sách chỉ hiển thị trong thời gian niêm yết.',
        en: 'As Decision 24/2021/QĐ-TTg requires. The list is shown during the posting period only.' })),
      printButton(ctx));
  },
};
