#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets into tests/fuzz/corpus/.

Run once by hand; its output is committed. Needs only Python 3 and the
openssl command (for Ed25519 signatures). The known key of fuzz_text_formats
is the Ed25519 seed bytes 0..31 named "fuzz.example/log".
"""
import base64
import hashlib
import os
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
KEY_NAME = "fuzz.example/log"
SEED = bytes(range(32))


def write(target, name, data):
    directory = os.path.join(HERE, "corpus", target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# ------------------------------------------------------------ protobuf wire

def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field_varint(number, value):
    return varint(number << 3) + varint(value)


def field_bytes(number, value):
    value = value if isinstance(value, bytes) else value.encode()
    return varint(number << 3 | 2) + varint(len(value)) + value


UUID = bytes.fromhex("3f2a5c1e9b7d4e6fa1c2d3e4f5061728")


def event_record(position, stream, version, payload, extra=b""):
    return (field_varint(1, position) + field_bytes(2, stream) + field_varint(3, version) +
            field_bytes(4, UUID) + field_bytes(5, "DisbursementRecorded") +
            field_varint(6, 1700000000123456) + field_varint(7, 1699990000000000) +
            field_bytes(8, "payments-bridge") + field_bytes(9, "corr-1") +
            field_bytes(10, "cause-1") + field_bytes(11, payload) + extra)


def new_event(event_id, event_type, seconds=None, nanos=0, payload=b"{}"):
    body = field_bytes(1, event_id) + field_bytes(2, event_type)
    if seconds is not None:
        body += field_bytes(3, field_varint(1, seconds) + field_varint(2, nanos))
    return body + field_bytes(4, "corr-1") + field_bytes(5, "cause-1") + field_bytes(6, payload)


def append_request(stream, events, expected=b""):
    return field_bytes(1, stream) + expected + b"".join(field_bytes(5, e) for e in events)


# ------------------------------------------------------------ merkle (RFC 6962)

def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n):
    k = 1
    while k < n - k:
        k <<= 1
    return k


def mth(leaves):
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def path(m, leaves):
    if len(leaves) == 1:
        return []
    k = split(len(leaves))
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def subproof(m, leaves, b):
    n = len(leaves)
    if m == n:
        return [] if b else [mth(leaves)]
    k = split(n)
    if m <= k:
        return subproof(m, leaves[:k], b) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def arbitrary_proof_input(index, size, old_size, new_size, leaf, root, old_root, proof):
    """Bytes that fuzz_proof_verification's FuzzedDataProvider reads as these
    values: hashes from the front, small integers from the back."""
    front = leaf + root + old_root + b"".join(proof)
    back_in_reading_order = [1, 1, index, 1, size, 1, old_size, 1, new_size, len(proof)]
    return front + bytes(reversed(back_in_reading_order))


def real_tree_input(n, leaf_bytes):
    """A real-tree input of n (1..256) leaves, leaf data from the front; the
    sizes and indexes of the proofs come from the bytes before n."""
    return leaf_bytes + bytes([7, 3, 5, 9, 2, 11, n - 1, 0, 0])


# ------------------------------------------------------------ signed notes

def ed25519(seed):
    """(public key, sign function) for an Ed25519 seed, through openssl."""
    der = bytes.fromhex("302e020100300506032b657004220420") + seed
    tmp = tempfile.mkdtemp()
    key = os.path.join(tmp, "key.der")
    with open(key, "wb") as f:
        f.write(der)
    pub = subprocess.run(["openssl", "pkey", "-inform", "DER", "-in", key, "-pubout",
                          "-outform", "DER"], check=True, capture_output=True).stdout[-32:]

    def sign(message):
        msg = os.path.join(tmp, "msg")
        with open(msg, "wb") as f:
            f.write(message)
        return subprocess.run(["openssl", "pkeyutl", "-sign", "-inkey", key, "-keyform", "DER",
                               "-rawin", "-in", msg], check=True, capture_output=True).stdout

    return pub, sign


def key_id(name, pub):
    return hashlib.sha256(name.encode() + b"\n\x01" + pub).digest()[:4]


def sig_line(name, kid, signature):
    return "\u2014 %s %s\n" % (name, base64.b64encode(kid + signature).decode())


def main():
    # fuzz_event_record: stored records as the log writes them.
    t = "fuzz_event_record"
    write(t, "record_first", event_record(0, "subproject-DA3-TDA3", 0, b'{"amount":1200000}'))
    write(t, "record_large_position", event_record(123456789012, "thon-lien-chung", 41, b"\x00\x01"))
    write(t, "record_unknown_field", event_record(7, "bank/acct-9", 3, b"", field_varint(15, 99)))
    write(t, "record_minimal", field_varint(1, 5) + field_bytes(2, "s"))
    write(t, "record_vietnamese", event_record(2, "thôn-Liên-Chung", 1, "Đã chi".encode()))

    # fuzz_append_request: requests as a client sends them.
    t = "fuzz_append_request"
    e1 = "3f2a5c1e-9b7d-4e6f-a1c2-d3e4f5061728"
    e2 = "8B1D2F3A-0C4E-4F5A-9B6C-7D8E9F0A1B2C"
    write(t, "one_event", append_request("subproject-DA3-TDA3",
                                         [new_event(e1, "SubProjectRegistered", 1699990000)]))
    write(t, "expect_no_stream", append_request(
        "bank/acct-9", [new_event(e1, "Deposited", 1699990000, 500)], field_varint(3, 1)))
    write(t, "expect_version_two_events", append_request(
        "thon-lien-chung", [new_event(e1, "Reported"), new_event(e2, "Reported", 0, 1)],
        field_varint(4, 41)))
    write(t, "duplicate_ids", append_request("s", [new_event(e1, "A"), new_event(e1, "A")]))
    write(t, "bad_timestamp", append_request("s", [new_event(e1, "A", 253402300800)]))

    # fuzz_proof_verification: genuine proofs in the arbitrary mode, and trees.
    t = "fuzz_proof_verification"
    leaves = [leaf_hash(bytes([i])) for i in range(7)]
    write(t, "inclusion_3_of_7", arbitrary_proof_input(
        3, 7, 0, 0, leaves[3], mth(leaves), b"\x00" * 32, path(3, leaves)))
    write(t, "inclusion_6_of_7", arbitrary_proof_input(
        6, 7, 0, 0, leaves[6], mth(leaves), b"\x00" * 32, path(6, leaves)))
    write(t, "consistency_3_to_7", arbitrary_proof_input(
        0, 0, 3, 7, b"\x00" * 32, mth(leaves), mth(leaves[:3]), subproof(3, leaves, True)))
    write(t, "consistency_4_to_7", arbitrary_proof_input(
        0, 0, 4, 7, b"\x00" * 32, mth(leaves), mth(leaves[:4]), subproof(4, leaves, True)))
    write(t, "tree_14", real_tree_input(14, bytes(range(40))))
    write(t, "tree_100", real_tree_input(100, bytes(i * 7 % 256 for i in range(150))))

    # fuzz_text_formats: every format it reads, valid.
    t = "fuzz_text_formats"
    pub, sign = ed25519(SEED)
    kid = key_id(KEY_NAME, pub)
    verifier = "%s+%s+%s" % (KEY_NAME, kid.hex(), base64.b64encode(b"\x01" + pub).decode())
    signer = "PRIVATE+KEY+%s+%s+%s" % (KEY_NAME, kid.hex(),
                                       base64.b64encode(b"\x01" + SEED).decode())
    write(t, "verifier_key", verifier)
    write(t, "signer_key", signer)
    write(t, "token_file",
          "# minhbach token file\n"
          "service  payments-bridge  %s  bank/,ext/\n"
          "village  thon-lien-chung  %s  thon-lien-chung\n"
          "admin ops %s\n" % (hashlib.sha256(b"a").hexdigest(),
                              hashlib.sha256(b"b").hexdigest(),
                              hashlib.sha256(b"c").hexdigest()))
    root = mth(leaves)
    checkpoint = "%s\n7\n%s\n" % (KEY_NAME, base64.b64encode(root).decode())
    write(t, "checkpoint", checkpoint)
    write(t, "checkpoint_extension", "example.com/log\n0\n%s\nextra line\n"
          % base64.b64encode(hashlib.sha256(b"").digest()).decode())
    witness_pub, witness_sign = ed25519(bytes(range(32, 64)))
    witness_kid = key_id("witness.example", witness_pub)
    body = checkpoint.encode()
    write(t, "signed_checkpoint",
          checkpoint + "\n" + sig_line(KEY_NAME, kid, sign(body)) +
          sig_line("witness.example", witness_kid, witness_sign(body)))
    text = "Hello, minhbach.\n\nA second paragraph.\n"
    write(t, "signed_note", text + "\n" + sig_line(KEY_NAME, kid, sign(text.encode())))
    write(t, "uuid", "3f2a5c1e-9b7d-4e6f-a1c2-d3e4f5061728")

    # fuzz_personal_data_envelope: byte 0 picks the household (% 3: v1/H-0001,
    # v1/H-0002, the erased v2/H-0003) and, with 0x80, masks that household's
    # real envelope with the rest instead of using the rest as the envelope.
    t = "fuzz_personal_data_envelope"
    nonce = b"n" * 12
    write(t, "raw_minimal", b"\x00MBPD\x01\x01" + nonce + b"t" * 16)
    write(t, "raw_generation_300", b"\x01MBPD\x01" + varint(300) + nonce + b"c" * 5 + b"t" * 16)
    write(t, "mask_zero_h1", b"\x81" + b"\x00" * 45)  # v1/H-0001's real envelope: opens
    write(t, "mask_tag_bit_h2", b"\x82" + b"\x00" * 34 + b"\x01")  # a flipped tag bit
    write(t, "erased_h3", b"\x80" + b"\x00" * 8)
    write(t, "erasure_payload", field_bytes(1, b"v1/H-0001") + field_bytes(2, b"law") +
          field_bytes(3, b"coordinator"))


if __name__ == "__main__":
    main()
