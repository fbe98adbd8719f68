// placeholder: replaced by the verifier engineer (site/js/pages/check.js).
export const page = {
  route: 'kiem-tra',
  title: { vi: 'Kiểm tra', en: 'Check' },
  nav: true,
  async render(root, ctx) {
    root.append(ctx.el('h1', {}, ctx.t(this.title)));
  },
};
