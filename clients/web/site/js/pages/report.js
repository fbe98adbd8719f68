// placeholder: replaced by the pages engineer (site/js/pages/report.js).
export const page = {
  route: 'bao-cao',
  title: { vi: 'Báo cáo', en: 'Report' },
  nav: true,
  async render(root, ctx) {
    root.append(ctx.el('h1', {}, ctx.t(this.title)));
  },
};
