// Pure shaping of API answers for the overview (tested in node): nothing is
// recomputed that the API already states; the line over time is the one
// series the dashboard does not give, built from the disbursement events.

// Per sub-project, the dashboard's own money figures (strings as the API
// gives them, numbers only for drawing).
export function disbursementBars(dashboard) {
  return (dashboard.subprojects || []).map((s) => ({
    id: s.subprojectId,
    name: s.name,
    allocatedDong: String(s.money?.allocatedDong ?? '0'),
    disbursedDong: String(s.money?.disbursedDong ?? '0'),
    rateText: s.money?.rateText ?? '',
  }));
}

// Decoded disbursement events (DisbursementRecorded / DisbursementReversed,
// in log order) → [{date, totalDong (string), dong (number, for drawing)}],
// one point per business date, cumulative. A reversal takes its
// disbursement's amount back on the reversal's business date; a reversal of
// an id never recorded (or recorded twice in the list) changes nothing.
export function cumulativeDisbursed(decoded) {
  const amounts = new Map();  // disbursementId → BigInt amount still counted
  const byDate = new Map();   // date → BigInt change that day
  for (const e of decoded) {
    const p = e.payload || {};
    let change = 0n;
    if (e.type === 'DisbursementRecorded') {
      let amount;
      try {
        amount = BigInt(String(p.amountDong ?? '0'));
      } catch {
        continue;
      }
      if (amounts.has(p.disbursementId)) continue;
      amounts.set(p.disbursementId, amount);
      change = amount;
    } else if (e.type === 'DisbursementReversed') {
      if (!amounts.has(p.disbursementId)) continue;
      change = -amounts.get(p.disbursementId);
      amounts.delete(p.disbursementId);
    } else {
      continue;
    }
    byDate.set(e.businessDate, (byDate.get(e.businessDate) ?? 0n) + change);
  }
  let total = 0n;
  return [...byDate.keys()].sort().map((date) => {
    total += byDate.get(date);
    return { date, totalDong: total.toString(), dong: Number(total) };
  });
}

// Villages that have not reported, each with the targets (and periods) it
// owes, from the dashboard's targets[].notReported.
export function villagesNotReported(targets) {
  const byVillage = new Map();
  for (const t of targets || []) {
    for (const v of t.notReported || []) {
      if (!byVillage.has(v)) byVillage.set(v, []);
      byVillage.get(v).push({ targetId: t.targetId, period: t.period || '' });
    }
  }
  return [...byVillage.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([villageId, owed]) => ({ villageId, owed }));
}

// How far a target's consolidated actual is toward its goal, 0..1 (for a
// bar's width only; the text shown is the API's actualText and valueText).
// null when there is no actual or no goal to compare with.
export function targetProgress(t) {
  if (!t.hasActual) return null;
  const an = Number(t.actualNumerator);
  const ad = Number(t.actualDenominator);
  const gn = Number(t.numeratorTarget);
  const gd = Number(t.denominatorTarget);
  let actual = an;
  let goal = gn;
  // A share unless it is a count (older plans leave `kind` empty on shares).
  if (t.kind !== 'count') {
    if (!ad || !gd) return null;
    actual = an / ad;
    goal = gn / gd;
  }
  if (!(goal > 0) || !Number.isFinite(actual)) return null;
  if (t.direction === 'at-most') return actual <= goal ? 1 : Math.max(0, goal / actual);
  return Math.max(0, Math.min(1, actual / goal));
}
