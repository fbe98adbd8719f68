// What the forms' selects offer, taken from one GetDashboard answer (and the
// session: a village's token is scoped to its own village).

import { periodName } from '../report/model.js';

const L = (vi, en) => ({ vi, en });

function uniqueSorted(items) {
  return [...new Set(items.filter((x) => x))].sort();
}

// Reporting periods of Thông tư 10/2022: YYYY-H1, YYYY-H2, YYYY.
export function periodsOf(year) {
  return [`${year}-H1`, `${year}-H2`, `${year}`];
}

// The plan's year: from its date or month; else the year of the basis'
// reference date; else this year.
export function planYear(dashboard) {
  const text = dashboard?.issuedDate || dashboard?.issuedMonth || dashboard?.basis?.referenceDate || '';
  const m = /^(\d{4})/.exec(text);
  return m ? Number(m[1]) : new Date().getFullYear();
}

// {name: [{value, label}]} for each `choices` a form spec names.
export function choicesFrom(dashboard, session = {}) {
  const d = dashboard ?? {};
  const subprojects = d.subprojects ?? [];
  const targets = d.targets ?? [];
  const assignments = subprojects.flatMap((s) => s.assignments ?? [])
    .filter((a) => a.status !== 'completed' && a.status !== 'cancelled');
  const findings = [...subprojects.flatMap((s) => s.openFindings ?? []), ...(d.openFindingsPastDue ?? [])];
  let villages = uniqueSorted(targets.flatMap((t) => [
    ...(t.villages ?? []).map((v) => v.villageId), ...(t.notReported ?? [])]));
  if (session?.role === 'village' && (session.scopes ?? []).length > 0) {
    villages = villages.filter((v) => session.scopes.includes(v));
    if (villages.length === 0) villages = [...session.scopes];
  }
  const units = uniqueSorted(subprojects.flatMap((s) => [...(s.leadUnits ?? []), ...(s.coordinatingUnits ?? [])]));
  const plain = (v) => ({ value: v, label: v });
  return {
    periods: periodsOf(planYear(d)).map((p) => {
      const name = periodName(p);
      return { value: p, label: L(`${p} — ${name.vi}`, `${p} — ${name.en}`) };
    }),
    villages: villages.map(plain),
    subprojects: subprojects.map((s) => ({ value: s.subprojectId, label: `${s.subprojectId} — ${s.name ?? ''}` })),
    assignments: assignments.map((a) => ({ value: a.assignmentId, label: `${a.assignmentId} (${a.subprojectId})` })),
    // A village reports shares and counts; "disbursement" comes from the money.
    targets: targets.filter((t) => (t.kind === 'share' || t.kind === 'count') && t.targetId !== 'disbursement').map((t) => ({ value: t.targetId, label: `${t.targetId} — ${t.description ?? ''}`, kind: t.kind ?? '' })),
    severities: [
      { value: 'low', label: L('thấp', 'low') },
      { value: 'medium', label: L('trung bình', 'medium') },
      { value: 'high', label: L('cao', 'high') }],
    supervisions: uniqueSorted(findings.map((f) => f.supervisionId)).map(plain),
    findings: uniqueSorted(findings.map((f) => f.findingId)).map(plain),
    recommendations: uniqueSorted(findings.flatMap((f) => f.overdueRecommendationIds ?? [])).map(plain),
    units: units.map(plain),
    // Allocations are not in the dashboard: the field is typed (no suggestions).
    allocations: [],
  };
}

// {targetId: kind} for the village report's values.
export function targetKinds(choices) {
  return Object.fromEntries((choices.targets ?? []).map((t) => [t.value, t.kind]));
}
