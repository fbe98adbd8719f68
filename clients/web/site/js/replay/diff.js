// What changed between two GetDashboard answers (a: the earlier point, b: the
// later one): pure, so the replay page only draws what this returns.
// Amounts stay exact: int64 strings are compared as BigInt.

function big(value) {
  try {
    return BigInt(String(value ?? '0') || '0');
  } catch {
    return 0n;
  }
}

// {from, to, delta} of two int64 values, as decimal strings.
export function amountChange(from, to) {
  const a = big(from);
  const b = big(to);
  return { from: a.toString(), to: b.toString(), delta: (b - a).toString() };
}

function byKey(items, key) {
  const map = new Map();
  for (const item of items ?? []) map.set(key(item), item);
  return map;
}

function keysOf(a, b) {
  return [...new Set([...a.keys(), ...b.keys()])];
}

function assignmentsOf(d) {
  return (d?.subprojects ?? []).flatMap((s) => s.assignments ?? []);
}

// Open findings, wherever the dashboard lists them.
function openFindingsOf(d) {
  const all = [...(d?.subprojects ?? []).flatMap((s) => s.openFindings ?? []), ...(d?.openFindingsPastDue ?? [])];
  return byKey(all, (f) => `${f.supervisionId}/${f.findingId}`);
}

function targetValue(t) {
  if (!t) return null;
  return {
    period: t.period ?? '',
    hasActual: !!t.hasActual,
    numerator: big(t.actualNumerator).toString(),
    denominator: big(t.actualDenominator).toString(),
    text: t.actualText ?? '',
    assessment: t.assessment ?? '',
    communeStatus: t.communeStatus ?? '',
  };
}

function sameValue(x, y) {
  return JSON.stringify(x) === JSON.stringify(y);
}

// Returns {basis: {a, b}, money, subprojects, assignments, findingsOpened,
// findingsClosed, targets, empty}: lists hold only what changed.
export function diffDashboards(a, b) {
  const subA = byKey(a?.subprojects, (s) => s.subprojectId);
  const subB = byKey(b?.subprojects, (s) => s.subprojectId);
  const subprojects = [];
  for (const id of keysOf(subA, subB)) {
    const x = subA.get(id);
    const y = subB.get(id);
    const change = {
      id,
      name: (y ?? x).name ?? '',
      allocated: amountChange(x?.money?.allocatedDong, y?.money?.allocatedDong),
      disbursed: amountChange(x?.money?.disbursedDong, y?.money?.disbursedDong),
      state: { from: x?.state ?? null, to: y?.state ?? null },
    };
    if (change.allocated.delta !== '0' || change.disbursed.delta !== '0' || change.state.from !== change.state.to) {
      subprojects.push(change);
    }
  }

  const asA = byKey(assignmentsOf(a), (x) => x.assignmentId);
  const asB = byKey(assignmentsOf(b), (x) => x.assignmentId);
  const assignments = [];
  for (const id of keysOf(asA, asB)) {
    const x = asA.get(id);
    const y = asB.get(id);
    const from = x?.status ?? null;
    const to = y?.status ?? null;
    const overdueFrom = !!x?.overdue;
    const overdueTo = !!y?.overdue;
    if (from !== to || overdueFrom !== overdueTo) {
      assignments.push({
        id, subprojectId: (y ?? x).subprojectId ?? '', from, to, overdue: { from: overdueFrom, to: overdueTo },
      });
    }
  }

  const fA = openFindingsOf(a);
  const fB = openFindingsOf(b);
  const findingsOpened = [...fB.entries()].filter(([k]) => !fA.has(k)).map(([, f]) => f);
  const findingsClosed = [...fA.entries()].filter(([k]) => !fB.has(k)).map(([, f]) => f);

  const tA = byKey(a?.targets, (t) => t.targetId);
  const tB = byKey(b?.targets, (t) => t.targetId);
  const targets = [];
  for (const id of keysOf(tA, tB)) {
    const from = targetValue(tA.get(id));
    const to = targetValue(tB.get(id));
    if (!sameValue(from, to)) targets.push({ id, description: (tB.get(id) ?? tA.get(id)).description ?? '', from, to });
  }

  const money = {
    allocated: amountChange(a?.money?.allocatedDong, b?.money?.allocatedDong),
    disbursed: amountChange(a?.money?.disbursedDong, b?.money?.disbursedDong),
  };
  const empty = money.allocated.delta === '0' && money.disbursed.delta === '0' && subprojects.length === 0
    && assignments.length === 0 && findingsOpened.length === 0 && findingsClosed.length === 0
    && targets.length === 0;
  return {
    basis: { a: a?.basis ?? {}, b: b?.basis ?? {} },
    money, subprojects, assignments, findingsOpened, findingsClosed, targets, empty,
  };
}
