// placeholder: replaced by the pages engineer (site/js/pages/forms.js).
export const page = {
  route: 'nhap-lieu',
  title: { vi: 'Nhập liệu', en: 'Record' },
  nav: true,
  async render(root, ctx) {
    root.append(ctx.el('h1', {}, ctx.t(this.title)));
  },
};
