"""The Merkle tree of the records (store.merkle) against RFC 6962's recursive definition."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.merkle import (
    EMPTY_ROOT,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_of_hashes,
    roots_at,
    verify_consistency,
    verify_inclusion,
)


def reference_root(leaves: list[bytes]) -> bytes:
    """MTH of RFC 6962 §2.1, written the way the RFC states it."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(reference_root(leaves[:k]), reference_root(leaves[k:]))


def leaves(n: int) -> list[bytes]:
    return [leaf_hash(hashlib.sha256(str(i).encode()).digest()) for i in range(n)]


def test_a_known_root() -> None:
    # RFC 6962's hashing: one leaf "" → SHA-256(0x00); the empty tree → SHA-256("")
    assert root_of_hashes([leaf_hash(b"")]).hex() == hashlib.sha256(b"\x00").hexdigest()
    assert root_of_hashes([]) == EMPTY_ROOT


@given(st.integers(min_value=0, max_value=70))
def test_the_root_is_rfc_6962s(n: int) -> None:
    hashes = leaves(n)
    assert root_of_hashes(hashes) == reference_root(hashes)
    assert roots_at(hashes, list(range(n + 1))) == {s: reference_root(hashes[:s]) for s in range(n + 1)}


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 33])
def test_every_inclusion_proof_verifies_and_a_wrong_one_does_not(n: int) -> None:
    hashes = leaves(n)
    root = root_of_hashes(hashes)
    for i in range(n):
        proof = inclusion_proof(i, hashes)
        assert verify_inclusion(i, n, hashes[i], proof, root)
        assert not verify_inclusion(i, n, leaf_hash(b"forged"), proof, root)
        if n > 1:
            assert not verify_inclusion((i + 1) % n, n, hashes[i], proof, root)


@pytest.mark.parametrize("n", [2, 3, 5, 8, 13, 33])
def test_every_consistency_proof_verifies_and_a_rewritten_past_does_not(n: int) -> None:
    hashes = leaves(n)
    for m in range(1, n + 1):
        proof = consistency_proof(m, hashes)
        first, second = root_of_hashes(hashes[:m]), root_of_hashes(hashes)
        assert verify_consistency(m, n, first, second, proof)
        rewritten = [leaf_hash(b"x"), *hashes[1:]]
        if m < n:
            assert not verify_consistency(m, n, first, root_of_hashes(rewritten), proof)
            assert not verify_consistency(m, n, root_of_hashes(rewritten[:m]), second, proof)
