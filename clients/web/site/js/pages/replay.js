// placeholder: replaced by the pages engineer (site/js/pages/replay.js).
export const page = {
  route: 'xem-lai',
  title: { vi: 'Xem lại', en: 'Replay' },
  nav: true,
  async render(root, ctx) {
    root.append(ctx.el('h1', {}, ctx.t(this.title)));
  },
};
