// What the verifier says to people, in Vietnamese and English: plain words
// for what failed and what it means, never just a code. Each function returns
// {vi, en}.

export const words = {
  insecure: () => ({
    vi:
      'Trang này không thể tự kiểm chứng số liệu: trình duyệt chỉ cho dùng mật mã (WebCrypto) ' +
      'trên kết nối an toàn. Hãy mở trang bằng địa chỉ https:// (hoặc ngay trên máy chủ, localhost).',
    en:
      'This page cannot verify anything: the browser allows cryptography (WebCrypto) only on a ' +
      'secure connection. Open the page with an https:// address (or on the server itself, localhost).',
  }),
  noEd25519: () => ({
    vi:
      'Trình duyệt này không kiểm được chữ ký Ed25519 nên không thể kiểm chứng. Hãy dùng bản ' +
      'Chromium hoặc Firefox mới.',
    en:
      'This browser cannot check Ed25519 signatures, so nothing can be verified. Use a recent ' +
      'Chromium or Firefox.',
  }),
  noKey: (why) => ({
    vi: `Không lấy được khóa ký của sổ cái từ máy chủ, nên không kiểm chứng được (${why}).`,
    en: `Could not get the log's signing key from the server, so nothing can be verified (${why}).`,
  }),
  badKey: (why) => ({
    vi: `Khóa ký của sổ cái mà máy chủ đưa ra bị hỏng (${why}).`,
    en: `The log signing key the server gave is malformed (${why}).`,
  }),
  keyChanged: () => ({
    vi:
      'KHÓA KÝ CỦA SỔ CÁI ĐÃ THAY ĐỔI so với khóa trình duyệt này ghi nhớ từ lần đầu. Máy chủ có ' +
      'thể đã bị thay thế hoặc giả mạo. Đừng tin số liệu cho tới khi đối chiếu dấu vân tay mới với ' +
      'bản niêm yết ở trụ sở UBND xã.',
    en:
      "THE LOG'S SIGNING KEY HAS CHANGED since this browser first remembered it. The server may " +
      'have been replaced or forged. Do not trust these figures until the new fingerprint matches ' +
      'the one posted at the commune office.',
  }),
  noCheckpoint: (why) => ({
    vi: `Không lấy được đầu sổ đã ký từ máy chủ (${why}).`,
    en: `Could not get the signed head of the log from the server (${why}).`,
  }),
  malformed: () => ({
    vi: 'Đầu sổ đã ký mà máy chủ gửi bị hỏng, không đọc được.',
    en: 'The signed head the server sent is damaged and cannot be read.',
  }),
  unsigned: () => ({
    vi: 'Đầu sổ không có chữ ký của khóa sổ cái mà trình duyệt này ghi nhớ.',
    en: 'The head is not signed by the log key this browser remembers.',
  }),
  badSignature: () => ({
    vi:
      'Chữ ký trên đầu sổ không hợp lệ: nội dung đã bị sửa sau khi ký, hoặc không phải do sổ cái ' +
      'này ký.',
    en:
      'The signature on the head is not valid: it was changed after signing, or this log did not ' +
      'sign it.',
  }),
  wrongOrigin: () => ({
    vi: 'Đầu sổ này thuộc về một sổ cái khác.',
    en: 'This head belongs to another log.',
  }),
  fieldsDiffer: () => ({
    vi: 'Máy chủ báo kích thước hoặc gốc của sổ cái khác với bản đã ký.',
    en: 'The server reports a size or root that differs from what it signed.',
  }),
  headOk: (n) => ({
    vi: `Đầu sổ đã ký gồm ${n} sự kiện, chữ ký đã kiểm trong trình duyệt.`,
    en: `Signed head of ${n} events, signature checked in this browser.`,
  }),
  witnessOk: (name) => ({ vi: `${name}: đã đồng ký`, en: `${name}: cosigned` }),
  witnessAbsent: (name) => ({
    vi: `${name}: chưa đồng ký đầu sổ này`,
    en: `${name}: has not cosigned this head`,
  }),
  witnessBad: (name) => ({
    vi: `${name}: chữ ký đồng ký KHÔNG hợp lệ (đã bị sửa hoặc giả mạo)`,
    en: `${name}: the cosignature is NOT valid (altered or forged)`,
  }),
  witnessBadKey: (why) => ({
    vi: `Khóa của một nhân chứng bị hỏng (${why}).`,
    en: `A witness key is malformed (${why}).`,
  }),
  consistencyFirst: (n) => ({
    vi: `Lần đầu trình duyệt này thấy sổ cái; đã ghi nhớ đầu sổ gồm ${n} sự kiện để lần sau so.`,
    en: `First time this browser sees the log; it remembers the head of ${n} events for next time.`,
  }),
  consistencyOk: (old, n) => ({
    vi:
      `Sổ cái nối tiếp đúng đầu sổ trình duyệt này thấy lần trước (${old} → ${n} sự kiện): ` +
      'không có gì bị sửa hay xóa.',
    en:
      `The log extends the head this browser saw before (${old} → ${n} events): nothing was ` +
      'changed or removed.',
  }),
  consistencyBad: (old) => ({
    vi:
      `Sổ cái KHÔNG còn nối tiếp đầu sổ trình duyệt này đã thấy (${old} sự kiện): lịch sử đã bị ` +
      'viết lại.',
    en: `The log NO LONGER extends the head this browser saw (${old} events): history was rewritten.`,
  }),
  shrunk: (old, n) => ({
    vi:
      `Sổ cái bây giờ có ${n} sự kiện, ít hơn ${old} sự kiện trình duyệt này đã thấy: sự kiện đã ` +
      'bị xóa, hoặc máy chủ đang đưa ra bản cũ.',
    en:
      `The log now has ${n} events, fewer than the ${old} this browser saw: events were removed, ` +
      'or the server is showing an old copy.',
  }),
  consistencyFetch: (why) => ({
    vi: `Không lấy được bằng chứng nối tiếp từ máy chủ (${why}).`,
    en: `Could not get the consistency proof from the server (${why}).`,
  }),
  itemOk: (n) => ({
    vi:
      `Đã kiểm chứng trong trình duyệt: bản ghi này nằm trong cây Merkle của đầu sổ đã ký gồm ${n} ` +
      'sự kiện.',
    en: `Verified in this browser: this record is in the Merkle tree of the signed head of ${n} events.`,
  }),
  itemNoProof: () => ({
    vi: 'Không có bằng chứng kèm theo bản ghi này nên chưa kiểm chứng được.',
    en: 'No proof came with this record, so it could not be verified.',
  }),
  itemWrongTree: () => ({
    vi: 'Bằng chứng của bản ghi này không dành cho đầu sổ đã ký của trang.',
    en: "This record's proof is not for the page's signed head.",
  }),
  itemMismatch: (n) => ({
    vi:
      `Bản ghi này không khớp với cây Merkle đã ký (đầu sổ gồm ${n} sự kiện): nội dung hoặc vị trí ` +
      'của nó đã bị sửa.',
    en:
      `This record does not match the signed Merkle tree (head of ${n} events): its content or ` +
      'position was changed.',
  }),
  itemWrongPosition: (said, proven) => ({
    vi: `Bản ghi tự ghi vị trí ${said} nhưng bằng chứng là cho vị trí ${proven}.`,
    en: `The record says position ${said} but the proof is for position ${proven}.`,
  }),
  itemDamaged: () => ({
    vi: 'Bản ghi bị hỏng, không đọc được.',
    en: 'The record is damaged and cannot be read.',
  }),
  itemHeadBad: (why) => ({
    vi: `Không kiểm chứng được vì đầu sổ của trang không hợp lệ: ${why.vi}`,
    en: `Cannot verify: the page's signed head is not valid: ${why.en}`,
  }),
  markOk: () => ({ vi: 'đã kiểm chứng', en: 'verified' }),
  markBad: () => ({ vi: 'không kiểm chứng được', en: 'not verified' }),
};
