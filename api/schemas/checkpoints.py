"""Signed checkpoints and Merkle proofs of the decision records."""

from __future__ import annotations

from pydantic import BaseModel, Field


class CheckpointOut(BaseModel):
    size: int = Field(description="检查点覆盖的记录数（前 size 条）")
    root: str = Field(description="前 size 条记录的 Merkle 树根（RFC 6962，十六进制）")
    time: str = Field(description="签发时间（UTC）")
    public_key: str = Field(description="签名公钥（Ed25519，base64）")
    key_fingerprint: str = Field(description="公钥指纹，与另行保存的公钥核对")
    signature: str = Field(description="对 lexgate-checkpoint/v1、size、root、time 四行文字的签名（base64）")


class CheckpointsOut(BaseModel):
    configured: bool = Field(description="服务是否配置了签名密钥和检查点文件")
    checkpoints: list[CheckpointOut] = Field(description="检查点文件中的全部检查点，按时间先后")


class InclusionOut(BaseModel):
    decision_id: str
    seq: int
    leaf_index: int = Field(description="叶子序号（seq - 1）")
    leaf: str = Field(description="记录的哈希（叶子数据，sha256:…）")
    tree_size: int
    root: str = Field(description="前 tree_size 条记录的 Merkle 树根")
    proof: list[str] = Field(description="包含证明：自下而上的兄弟节点哈希（十六进制）")
    checkpoint: CheckpointOut | None = Field(description="大小为 tree_size 的已签名检查点（如有）")


class ConsistencyOut(BaseModel):
    first: int
    second: int
    proof: list[str] = Field(description="一致性证明（RFC 6962 §2.1.2，十六进制）")
