// placeholder: replaced by the verifier engineer (site/js/verify/decode.js).
// Same exports as theirs; reads the server's decoded `event.record` instead of
// the raw bytes and leaves the payload undecoded, so the shell runs alone.
export function loadSchema(fetchJson) {
  return Promise.resolve({ messages: {} });
}

export function decodeEvent(event) {
  const r = (event && event.record) || {};
  const micros = String(r.businessTimeMicros || '0');
  return {
    position: r.position,
    stream: r.stream,
    type: r.eventType,
    actor: r.actor,
    businessMicros: micros,
    businessDate: new Date(Number(BigInt(micros) / 1000n)).toISOString().slice(0, 10),
    recordedMicros: r.recordedTimeMicros,
    payload: null,
    payloadError: 'placeholder decoder',
  };
}
