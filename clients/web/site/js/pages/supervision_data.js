// A supervision's findings, recommendations and responses, gathered from its
// decoded events in log order (the API has no call for one supervision).
// Statuses are the events' own: recorded, resolved, closed; nothing judged
// here that the server judges (overdue recommendations come from it).
export function supervisionFromEvents(decoded) {
  const out = { planned: null, inspections: [], findings: [], closed: null };
  const findings = new Map();
  const recommendations = new Map();
  for (const e of decoded) {
    const p = e.payload || {};
    switch (e.type) {
      case 'SupervisionPlanned': out.planned = { ...p, position: e.position }; break;
      case 'InspectionConducted': out.inspections.push({ ...p, position: e.position }); break;
      case 'FindingRecorded': {
        const f = { ...p, status: 'open', recommendations: [], position: e.position, outcome: null };
        findings.set(p.findingId, f);
        out.findings.push(f);
        break;
      }
      case 'RecommendationIssued': {
        const r = { ...p, responses: [], position: e.position };
        recommendations.set(p.recommendationId, r);
        findings.get(p.findingId)?.recommendations.push(r);
        break;
      }
      case 'ResponseSubmitted':
        recommendations.get(p.recommendationId)?.responses.push({ ...p, position: e.position });
        break;
      case 'FindingResolved':
      case 'FindingClosed': {
        const f = findings.get(p.findingId);
        if (f) {
          f.status = e.type === 'FindingResolved' ? 'resolved' : 'closed';
          f.outcome = { ...p, position: e.position };
        }
        break;
      }
      case 'SupervisionClosed': out.closed = { ...p, position: e.position }; break;
      default: break;
    }
  }
  return out;
}
