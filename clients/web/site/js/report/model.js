// The monitoring report of Thông tư 10/2022/TT-BLĐTBXH (6-monthly and
// annual, Mẫu số 01 Phụ lục II) as far as the records allow: a pure model
// built from GetDashboard and GetTarget answers as of the period's last day.
// Every figure carries the journal link to the events it was computed from.

const L = (vi, en) => ({ vi, en });

// "2024-H1" -> {year, half}; null when not a period of the circular.
export function parsePeriod(period) {
  const m = /^(\d{4})(?:-H([12]))?$/.exec(period ?? '');
  return m ? { year: m[1], half: m[2] ? Number(m[2]) : 0 } : null;
}

export function periodStart(period) {
  const p = parsePeriod(period);
  return p.half === 2 ? `${p.year}-07-01` : `${p.year}-01-01`;
}

// The report's date: the period's last day.
export function periodEnd(period) {
  const p = parsePeriod(period);
  return p.half === 1 ? `${p.year}-06-30` : `${p.year}-12-31`;
}

export function periodName(period) {
  const p = parsePeriod(period);
  if (p.half === 1) return L(`6 tháng đầu năm ${p.year}`, `first half of ${p.year}`);
  if (p.half === 2) return L(`6 tháng cuối năm ${p.year}`, `second half of ${p.year}`);
  return L(`năm ${p.year}`, `the year ${p.year}`);
}

// The latest period of `year` whose last day is on or before `referenceDate`
// (none ended yet: the first half).
export function defaultPeriod(year, referenceDate) {
  const ended = [`${year}`, `${year}-H2`, `${year}-H1`].find((p) => periodEnd(p) <= (referenceDate ?? ''));
  return ended ?? `${year}-H1`;
}

// The journal (#/nhat-ky) filtered to the events behind a figure.
export function journalLink({ entity, kind, from, to }) {
  const q = new URLSearchParams();
  if (entity) q.set('entity', entity);
  if (kind) q.set('kind', kind);
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  return `#/nhat-ky?${q.toString()}`;
}

// A figure: its name (test hook), its raw value, how to show it, its events.
function figure(name, value, format, link) {
  return { name, value: String(value ?? ''), format, href: journalLink(link) };
}

const money = (name, value, link) => figure(name, String(value ?? '0') || '0', 'money', link);

function targetRow(t, period, to) {
  const reported = (t.villages ?? []).length;
  const actual = t.hasActual ? `${t.actualNumerator ?? 0}/${t.actualDenominator ?? 0}` : '';
  // The disbursement target is derived from the money, not from reports.
  // Village reports for a period are filed after it ends: all of them count.
  const link = t.targetId === 'disbursement' ? { kind: 'disbursement', to } : { entity: period, kind: 'report' };
  return {
    id: t.targetId,
    description: t.description ?? '',
    goal: t.valueText ?? '',
    direction: t.direction ?? '',
    unit: t.unit ?? '',
    hasActual: !!t.hasActual,
    actualText: t.actualText ?? '',
    assessment: t.assessment ?? 'no data',
    communeStatus: t.communeStatus ?? '',
    period: t.period ?? '',
    // Villages report shares and counts; "disbursement" comes from the money
    // and a deadline target from the dates.
    reportable: (t.kind === 'share' || t.kind === 'count') && t.targetId !== 'disbursement',
    villagesReported: reported,
    notReported: t.notReported ?? [],
    partialReason: t.partialReason ?? '',
    actual: figure(`target.${t.targetId}.actual`, actual, t.targetId === 'disbursement' ? 'money-ratio' : 'ratio', link),
    error: t.error ?? null,
  };
}

// "2024-11-15" → "15/11/2024" for the Vietnamese sentences.
function viDate(ymd) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(ymd ?? '');
}

// Khó khăn, vướng mắc: what the records show went wrong or is missing.
function difficulties(d, targets) {
  const out = [];
  for (const id of d.subprojectsWithoutLead ?? []) {
    out.push(L(`Kế hoạch không nêu đơn vị chủ trì của tiểu dự án ${id}.`, `The plan names no lead unit for sub-project ${id}.`));
  }
  for (const id of d.subprojectsWithoutAssignment ?? []) {
    out.push(L(`Tiểu dự án ${id} chưa được phân công thực hiện.`, `Sub-project ${id} has no assignment.`));
  }
  for (const s of d.subprojects ?? []) {
    if (s.overdue) {
      out.push(L(`Tiểu dự án ${s.subprojectId} đã quá thời hạn (${viDate(s.deadlineDate)}) mà chưa hoàn thành.`,
        `Sub-project ${s.subprojectId} is past its deadline (${s.deadlineDate}) and not completed.`));
    }
  }
  for (const a of d.overdueAssignments ?? []) {
    out.push(L(`Nhiệm vụ ${a.assignmentId} (${a.subprojectId}) quá hạn ${a.daysOverdue ?? 0} ngày (hạn ${viDate(a.dueDate)}).`,
      `Assignment ${a.assignmentId} (${a.subprojectId}) is ${a.daysOverdue ?? 0} days overdue (due ${a.dueDate}).`));
  }
  for (const f of d.openFindingsPastDue ?? []) {
    const recs = (f.overdueRecommendationIds ?? []).join(', ');
    out.push(L(`Kiến nghị ${recs} về phát hiện ${f.supervisionId}/${f.findingId} đã quá hạn mà chưa được trả lời.`,
      `Recommendation ${recs} on finding ${f.supervisionId}/${f.findingId} is past due with no response.`));
  }
  for (const t of targets) {
    if (t.assessment === 'not met') {
      const vi = t.actualText.replace(/(\d)\.(\d)/g, '$1,$2');  // the Vietnamese decimal mark
      out.push(L(`Chỉ tiêu ${t.id} chưa đạt: thực hiện ${vi} so với mục tiêu ${t.goal}.`,
        `Target ${t.id} not met: ${t.actualText} against ${t.goal}.`));
    }
  }
  // Villages that have not reported, once each, with how many targets.
  const missing = new Map();
  for (const t of targets.filter((x) => x.reportable)) {
    for (const v of t.notReported) missing.set(v, (missing.get(v) ?? 0) + 1);
  }
  for (const [village, count] of [...missing.entries()].sort()) {
    out.push(L(`Thôn ${village} chưa có báo cáo được tính cho ${count} chỉ tiêu trong kỳ.`,
      `Village ${village} has no counted report for ${count} targets in the period.`));
  }
  for (const p of d.partialReports ?? []) {
    out.push(L(`Báo cáo kỳ ${p.period} tổng hợp chưa đủ thôn (thiếu ${(p.villagesMissing ?? []).join(', ')}): ${p.reason}.`,
      `The ${p.period} report was consolidated without ${(p.villagesMissing ?? []).join(', ')}: ${p.reason}.`));
  }
  return out;
}

// dashboard: GetDashboard as of periodEnd(period); targets: GetTarget
// answers for the period (or {targetId, error} where one failed).
export function buildReport(period, dashboard, targets) {
  const d = dashboard ?? {};
  const to = periodEnd(period);
  const targetRows = (targets ?? []).map((t) => targetRow(t, period, to));
  const subprojects = d.subprojects ?? [];
  const assignments = subprojects.flatMap((s) => s.assignments ?? []);
  const findings = subprojects.flatMap((s) => s.openFindings ?? []);
  for (const f of d.openFindingsPastDue ?? []) {
    if (!findings.some((x) => x.supervisionId === f.supervisionId && x.findingId === f.findingId)) findings.push(f);
  }
  const carry = d.carryOver ?? null;
  return {
    period,
    periodName: periodName(period),
    from: periodStart(period),
    to,
    basis: d.basis ?? {},
    plan: {
      title: d.title ?? '', documentNumber: d.documentNumber ?? '', issuer: d.issuer ?? '',
      issuedDate: d.issuedDate ?? '', issuedMonth: d.issuedMonth ?? '',
      signerTitle: d.signerTitle ?? '', signerName: d.signerName ?? '',
    },
    targets: targetRows,
    money: {
      allocated: money('money.allocated', d.money?.allocatedDong, { kind: 'budget', to }),
      disbursed: money('money.disbursed', d.money?.disbursedDong, { kind: 'disbursement', to }),
      rateText: d.money?.rateText ?? '-',
      goal: d.disbursementTargetText ?? '',
      rows: subprojects.map((s) => ({
        id: s.subprojectId,
        name: s.name ?? '',
        allocated: money(`subproject.${s.subprojectId}.allocated`, s.money?.allocatedDong, { entity: s.subprojectId, kind: 'budget', to }),
        disbursed: money(`subproject.${s.subprojectId}.disbursed`, s.money?.disbursedDong, { entity: s.subprojectId, kind: 'disbursement', to }),
        rateText: s.money?.rateText ?? '-',
      })),
      carryOver: carry && carry.fiscalYear ? {
        fiscalYear: carry.fiscalYear,
        deadline: carry.deadlineDate ?? '',
        status: carry.status ?? '',
        allocated: money('carryover.allocated', carry.allocatedDong, { kind: 'budget', to }),
        disbursedByDeadline: money('carryover.disbursedByDeadline', carry.disbursedByDeadlineDong,
          { kind: 'disbursement', to: carry.deadlineDate && carry.deadlineDate < to ? carry.deadlineDate : to }),
      } : null,
    },
    assignments: {
      total: figure('assignments.total', d.assignmentsTotal ?? assignments.length, 'count', { kind: 'AssignmentMade', to }),
      completed: figure('assignments.completed', d.assignmentsCompleted ?? 0, 'count', { kind: 'AssignmentCompleted', to }),
      rows: assignments.map((a) => ({
        id: a.assignmentId,
        subprojectId: a.subprojectId,
        leadUnits: a.leadUnits ?? [],
        dueDate: a.dueDate ?? '',
        overdue: !!a.overdue,
        daysOverdue: String(a.daysOverdue ?? '0'),
        description: a.description ?? '',
        status: figure(`assignment.${a.assignmentId}.status`, a.status ?? '', 'state', { entity: a.assignmentId, kind: 'assignment', to }),
      })),
    },
    supervision: {
      open: figure('findings.open', d.openFindings ?? findings.length, 'count', { kind: 'finding', to }),
      rows: findings.map((f) => ({
        key: `${f.supervisionId}/${f.findingId}`,
        subject: f.subject ?? '',
        severity: f.severity ?? '',
        description: f.description ?? '',
        overdueRecommendations: f.overdueRecommendationIds ?? [],
        status: figure(`finding.${f.supervisionId}/${f.findingId}.status`, f.status ?? 'open', 'state',
          { entity: `${f.supervisionId}/${f.findingId}`, to }),
      })),
    },
    difficulties: difficulties(d, targetRows),
  };
}
