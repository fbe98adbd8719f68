// Nhập liệu / Record: the forms of the daily work, each shown only to the
// roles that may send its command (ctx.may). The selects come from one
// GetDashboard answer.
import { choicesFrom } from '../forms/choices.js';
import { renderForm } from '../forms/render.js';
import { FORM_SPECS } from '../forms/specs.js';

// The specs this session may use, in the order of the daily work.
export function allowedSpecs(ctx, specs = FORM_SPECS) {
  return specs.filter((spec) => ctx.may(spec.service, spec.method));
}

export const page = {
  route: 'nhap-lieu',
  title: { vi: 'Nhập liệu', en: 'Record' },
  nav: true,
  async render(root, ctx) {
    root.replaceChildren(ctx.el('h2', {}, ctx.t({ vi: 'Nhập liệu', en: 'Record' })));
    const specs = allowedSpecs(ctx);
    if (specs.length === 0) {
      root.append(ctx.el('p', { 'data-empty': '' }, ctx.t({
        vi: 'Vai trò của bạn chỉ được xem, không được ghi nội dung nào ở đây.',
        en: 'Your role may read but record nothing here.',
      })));
      return;
    }
    let dashboard = {};
    try {
      dashboard = await ctx.call('ProgramStatus', 'GetDashboard', {});
    } catch (error) {
      // The forms still work with typed ids; say why the lists are empty.
      root.append(ctx.el('p', { class: 'form-error', role: 'alert', 'data-error': '' },
        ctx.t({ vi: 'Không tải được danh sách để chọn: ', en: 'Could not load the lists to choose from: ' }),
        typeof error?.human === 'function' ? error.human(ctx.lang) : String(error?.message ?? error)));
    }
    const choices = choicesFrom(dashboard, ctx.session);
    const forms = [];
    // After a command is recorded, the lists are asked again with it folded
    // in (min_position), so that a completed assignment leaves them and a new
    // finding joins them.
    const onRecorded = async (result) => {
      try {
        const minPosition = (BigInt(String(result?.position ?? '0')) + 1n).toString();
        const next = choicesFrom(await ctx.call('ProgramStatus', 'GetDashboard', { minPosition }), ctx.session);
        for (const f of forms) f.setChoices(next);
      } catch {
        // The lists stay as they were; typed ids still work.
      }
    };
    const nav = ctx.el('ul', { class: 'form-index' });
    root.append(nav);
    for (const spec of specs) {
      const form = renderForm(ctx, spec, choices, { onRecorded });
      forms.push(form);
      const { element } = form;
      const section = ctx.el('section', { class: 'form-box' }, element);
      const jump = ctx.el('button', { type: 'button', class: 'link-button' }, ctx.t(spec.title));
      jump.addEventListener('click', () => {
        section.scrollIntoView?.({ block: 'start' });
        element.querySelector?.('input, select, textarea')?.focus();
      });
      nav.append(ctx.el('li', {}, jump));
      root.append(section);
    }
  },
};
