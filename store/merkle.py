"""A Merkle tree over the decision records, as RFC 6962 (Certificate Transparency) defines it.

The leaves are the records' own hashes (``sha256:<hex>``, 32 bytes each), in ``seq`` order, so the
tree does not depend on how a record stores its payload. With the tree head (size and root) of a
signed checkpoint, an auditor can check

* that one record is in the tree (an *inclusion proof*: log2(n) hashes, no database needed), and
* that a later tree extends an earlier one (a *consistency proof*): nothing recorded before the
  earlier checkpoint was changed, removed or reordered since.

Hashes: leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right); the split of n leaves is
at the largest power of two below n (RFC 6962 §2.1). The verifiers follow RFC 9162 §2.1.3.2/2.1.4.2.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_data(record_hash: str) -> bytes:
    """The leaf of a record: the 32 bytes of its ``sha256:<hex>`` hash."""
    return bytes.fromhex(record_hash.removeprefix("sha256:"))


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_of_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH over leaf hashes (already ``leaf_hash``-ed), iteratively: level by level, an odd last
    node is carried up unchanged, which gives the same tree as RFC 6962's recursive split."""
    if not hashes:
        return EMPTY_ROOT
    level = list(hashes)
    while len(level) > 1:
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def _mth(hashes: Sequence[bytes]) -> bytes:
    return root_of_hashes(hashes)


def inclusion_proof(index: int, hashes: Sequence[bytes]) -> list[bytes]:
    """PATH(index, D[n]) of RFC 6962 §2.1.1 over leaf hashes."""
    n = len(hashes)
    if not 0 <= index < n:
        raise ValueError(f"leaf {index} is not in a tree of {n}")
    if n == 1:
        return []
    k = _split(n)
    if index < k:
        return [*inclusion_proof(index, hashes[:k]), _mth(hashes[k:])]
    return [*inclusion_proof(index - k, hashes[k:]), _mth(hashes[:k])]


def consistency_proof(m: int, hashes: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 6962 §2.1.2 (0 < m ≤ n)."""
    n = len(hashes)
    if not 0 < m <= n:
        raise ValueError(f"no consistency proof from {m} to {n}")
    return _subproof(m, hashes, True)


def _subproof(m: int, hashes: Sequence[bytes], complete: bool) -> list[bytes]:
    n = len(hashes)
    if m == n:
        return [] if complete else [_mth(hashes)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, hashes[:k], complete), _mth(hashes[k:])]
    return [*_subproof(m - k, hashes[k:], False), _mth(hashes[:k])]


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: does ``leaf`` (a leaf hash) sit at ``index`` of the tree (size, root)?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(m: int, n: int, first: bytes, second: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: is the tree (n, second) an extension of the tree (m, first)?"""
    if not 0 < m <= n:
        return False
    if m == n:
        return first == second and not proof
    if not proof:
        return False
    path = list(proof)
    if m & (m - 1) == 0:  # m is a power of two: the first tree is a complete subtree
        path.insert(0, first)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first and sr == second and sn == 0


def roots_at(hashes: Sequence[bytes], sizes: Sequence[int]) -> dict[int, bytes]:
    """The roots of the first ``s`` leaves for every ``s`` in ``sizes``, in one pass (O(n + k log n)):
    a stack of perfect subtrees (one per bit of the count), folded from the right at each size."""
    wanted = sorted({s for s in sizes if 0 <= s <= len(hashes)})
    out: dict[int, bytes] = {}
    stack: list[tuple[int, bytes]] = []  # (height, root) of perfect subtrees, largest first
    pending = iter(wanted)
    target = next(pending, None)
    for count in range(len(hashes) + 1):
        while target is not None and target == count:
            if not stack:
                out[count] = EMPTY_ROOT
            else:
                acc = stack[-1][1]
                for _, h in reversed(stack[:-1]):
                    acc = node_hash(h, acc)
                out[count] = acc
            target = next(pending, None)
        if count == len(hashes) or target is None:
            break
        height, node = 0, hashes[count]
        while stack and stack[-1][0] == height:
            node = node_hash(stack.pop()[1], node)
            height += 1
        stack.append((height, node))
    return out
