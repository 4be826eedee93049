"""Records belong to the key holder's identity, not to a name (issue 13, item 6)."""

from __future__ import annotations

from store.roles import Role
from tests.cli_in_process import lexgate

from .conftest import Api
from .test_triage import SMALL


def _mine(api: Api, key: str) -> list[str]:
    page = api.client.get("/v1/records", headers={"Authorization": f"Bearer {key}"}).json()
    return [item["decision_id"] for item in page["items"]]


def test_a_new_key_with_someones_name_does_not_read_their_records(api: Api) -> None:
    made = api.client.post("/v1/triage", json=SMALL, headers=api.headers()).json()["decision_id"]
    _, impostor = api.store.keys.create("张三", Role.handler)  # the same name as the handler's key
    assert _mine(api, impostor) == []
    got = api.client.get(f"/v1/records/{made}", headers={"Authorization": f"Bearer {impostor}"})
    assert got.status_code == 404
    replayed = api.client.post(f"/v1/records/{made}/replay", headers={"Authorization": f"Bearer {impostor}"})
    assert replayed.status_code == 404
    assert _mine(api, api.keys["handler"]) == [made]


def test_a_second_key_of_the_same_holder_sees_the_first_keys_records(api: Api) -> None:
    made = api.client.post("/v1/triage", json=SMALL, headers=api.headers()).json()["decision_id"]
    first = api.client.get("/v1/me", headers=api.headers()).json()["key_id"]
    _, second = api.store.keys.create("张三", Role.legal, same_as=first)
    assert _mine(api, second) == [made]
    more = api.client.post("/v1/triage", json=SMALL, headers={"Authorization": f"Bearer {second}"}).json()
    assert _mine(api, api.keys["handler"]) == [more["decision_id"], made]


def test_keys_create_same_as_on_the_command_line(api: Api) -> None:
    first = api.client.get("/v1/me", headers=api.headers()).json()["key_id"]
    env = {"LEXGATE_DATABASE_URL": api.settings.database_url}
    base = ["keys", "create", "--role", "办案人员", "--name", "张三"]
    made = lexgate(*base, "--same-as", first, env=env)
    assert made.returncode == 0, made.stderr
    holder = api.store.keys.authenticate(made.stdout.strip())
    assert holder is not None
    assert holder.holder_id == next(k.holder_id for k in api.store.keys.list() if k.key_id == first)
    wrong = lexgate(*base, "--same-as", "nope", env=env)
    assert wrong.returncode != 0 and "没有编号为 nope 的密钥" in wrong.stderr


def test_a_second_key_of_the_same_holder_is_in_the_first_keys_unit(api: Api) -> None:
    first = api.client.get("/v1/me", headers=api.headers()).json()["key_id"]
    units = api.store.units
    unit = units.create("宿迁市市场监督管理局").unit_id
    other = units.create("宿豫分局", unit).unit_id
    units.assign(first, unit)
    second, _ = api.store.keys.create("张三", Role.handler, same_as=first)
    stranger, _ = api.store.keys.create("李四", Role.handler)
    assert units.unit_of(second.key_id) == unit
    assert units.unit_of(stranger.key_id) is None
    units.assign(second.key_id, other)  # moving the person through either key moves all their keys
    assert units.unit_of(first) == other
    assert units.members() == {second.key_id: other}
