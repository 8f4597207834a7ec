"""Administrative division codes (GB/T 2260) known to the portal out of the box.

Sichuan province and Guangyuan city with its counties and districts. More are added by
staff in the admin or by ``manage.py load_divisions FILE`` (code,name per line).
"""

WANGCANG = "510821"
GUANGYUAN = "510800"
SICHUAN = "510000"

DIVISIONS: list[tuple[str, str, str, str | None]] = [
    # code, name, level, parent
    (SICHUAN, "四川省", "province", None),
    (GUANGYUAN, "广元市", "city", SICHUAN),
    ("510802", "利州区", "county", GUANGYUAN),
    ("510811", "昭化区", "county", GUANGYUAN),
    ("510812", "朝天区", "county", GUANGYUAN),
    (WANGCANG, "旺苍县", "county", GUANGYUAN),
    ("510822", "青川县", "county", GUANGYUAN),
    ("510823", "剑阁县", "county", GUANGYUAN),
    ("510824", "苍溪县", "county", GUANGYUAN),
]


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def parent_of(code: str) -> str | None:
    level = level_of(code)
    if level == "province":
        return None
    if level == "city":
        return code[:2] + "0000"
    return code[:4] + "00"


def ensure_divisions(rows=DIVISIONS) -> int:
    """Create or update the given divisions, parents first. Returns how many were new."""
    from .models import Division

    created = 0
    for code, name, level, parent in sorted(rows, key=lambda r: (r[0][2:] != "0000", r[0][4:] != "00", r[0])):
        _, was_created = Division.objects.update_or_create(
            code=code, defaults={"name": name, "level": level, "parent_id": parent}
        )
        created += was_created
    return created
