// The overview's two charts, drawn with uPlot (site/js/vendor/uPlot.esm.js,
// copied from node_modules by the build). uPlot is loaded on first use, so
// pages without a chart never fetch it. Each chart is a picture of a table
// shown beside it: the table holds the figures, the chart only draws them.

let uPlotPromise = null;
function loadUPlot() {
  uPlotPromise ??= import('../vendor/uPlot.esm.js').then((m) => m.default);
  return uPlotPromise;
}

// "263 tr" / "263M": axis labels in millions of đồng.
function millions(ctx, v) {
  const m = v / 1e6;
  const text = Number.isInteger(m) ? String(m) : m.toFixed(1);
  return ctx.lang === 'en' ? `${text}M` : `${text.replace('.', ',')} tr`;
}

// The date axis's tick labels (uPlot's own are English: "Jul", "Aug"): a
// month's first day as "07/2024" (vi) / "2024-07" (en), another day as
// "15/07" / "07-15". Ticks are seconds since the epoch, dates in UTC.
export function dateTicks(splits, lang) {
  return splits.map((ts) => {
    if (ts == null) return '';
    const [y, m, d] = new Date(ts * 1000).toISOString().slice(0, 10).split('-');
    if (d === '01') return lang === 'en' ? `${y}-${m}` : `${m}/${y}`;
    return lang === 'en' ? `${m}-${d}` : `${d}/${m}`;
  });
}

function widthOf(container) {
  return Math.max(260, Math.min(container.clientWidth || 640, 1100));
}

// Keeps a chart as wide as its box (a phone turned sideways, a resized
// window); stops once the chart has left the page.
function followWidth(chart, container, height) {
  const resize = () => {
    if (!container.isConnected) {
      window.removeEventListener('resize', resize);
      return;
    }
    const width = widthOf(container);
    if (width !== chart.width) chart.setSize({ width, height });
  };
  window.addEventListener('resize', resize);
  requestAnimationFrame(resize);
  return chart;
}

// Bars per sub-project: allocated (light, wide) behind disbursed (dark).
export async function drawDisbursementBars(ctx, container, bars) {
  const uPlot = await loadUPlot();
  const xs = bars.map((_, i) => i);
  const barsPath = (size) => uPlot.paths.bars({ size: [size, 80] });
  const opts = {
    width: widthOf(container),
    height: 260,
    scales: { x: { time: false, range: [-0.6, bars.length - 0.4] } },
    series: [
      { label: ctx.t({ vi: 'Tiểu dự án', en: 'Sub-project' }), value: (u, i) => (i == null ? '' : bars[i]?.id ?? '') },
      { label: ctx.t({ vi: 'Phân bổ', en: 'Allocated' }), fill: '#b9d3ee', stroke: '#7aa7d8', paths: barsPath(0.8),
        value: (u, v) => (v == null ? '' : ctx.fmt.money(v)) },
      { label: ctx.t({ vi: 'Đã giải ngân', en: 'Disbursed' }), fill: '#0b5cad', stroke: '#0b5cad', paths: barsPath(0.45),
        value: (u, v) => (v == null ? '' : ctx.fmt.money(v)) },
    ],
    axes: [
      { splits: () => xs, values: (u, splits) => splits.map((i) => bars[i]?.id ?? ''), rotate: -40, size: 80 },
      { values: (u, splits) => splits.map((v) => millions(ctx, v)), size: 60 },
    ],
  };
  const data = [xs, bars.map((b) => Number(b.allocatedDong)), bars.map((b) => Number(b.disbursedDong))];
  return followWidth(new uPlot(opts, data, container), container, opts.height);
}

// Cumulative disbursement by business date, as a step line.
export async function drawDisbursementLine(ctx, container, points) {
  const uPlot = await loadUPlot();
  const xs = points.map((p) => Date.parse(`${p.date}T00:00:00Z`) / 1000);
  const opts = {
    width: widthOf(container),
    height: 240,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'UTC'),
    series: [
      { label: ctx.t({ vi: 'Ngày', en: 'Date' }), value: (u, ts) => (ts == null ? '' : ctx.fmt.date(new Date(ts * 1000).toISOString().slice(0, 10))) },
      { label: ctx.t({ vi: 'Đã giải ngân (cộng dồn)', en: 'Disbursed (cumulative)' }), stroke: '#0b5cad', width: 2,
        fill: 'rgba(11,92,173,0.1)', paths: uPlot.paths.stepped({ align: 1 }),
        value: (u, v) => (v == null ? '' : ctx.fmt.money(v)) },
    ],
    axes: [{ values: (u, splits) => dateTicks(splits, ctx.lang), space: 60 },
      { values: (u, splits) => splits.map((v) => millions(ctx, v)), size: 60 }],
  };
  return followWidth(new uPlot(opts, [xs, points.map((p) => p.dong)], container), container, opts.height);
}
