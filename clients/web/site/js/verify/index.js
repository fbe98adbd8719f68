// placeholder: replaced by the verifier engineer (site/js/verify/index.js).
// The contract's ctx.verify with nothing verified: every mark says so in red.
function unverified() {
  return { ok: false, reason: 'Chưa có bộ kiểm chứng (placeholder) / No verifier yet (placeholder)' };
}

export function createVerifier() {
  return {
    head: async () => ({ ...unverified(), treeSize: null, witnesses: [] }),
    markItems: async (items) => new Map(items.map((i) => [String(i.proof?.position ?? i.event?.record?.position), unverified()])),
    mark: (result) => {
      const span = document.createElement('span');
      span.className = result && result.ok ? 'mark-ok' : 'mark-bad';
      span.textContent = result && result.ok ? '✓' : `✗ ${result ? result.reason : ''}`;
      return span;
    },
  };
}
