"""Synthetic registry data for benchmarks and load tests: well-formed USCCs and ID numbers,
plausible Chinese names, written as XLSX workbooks in the import templates' layout.

Everything is deterministic for a given ``seed`` so runs can be compared.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from wangcang.validators import make_id_number, make_uscc

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国明华志强秀英丽静军平敏芳伟娟磊洋艳勇杰霞涛斌超鹏飞琳雪梅兰春秋冬"
STEMS = [
    "养蜂",
    "茶叶",
    "书法",
    "摄影",
    "志愿者",
    "养老",
    "家政",
    "物流",
    "餐饮",
    "篮球",
    "科普",
    "助残",
    "教育",
    "医养",
]
SUFFIXES = [("协会", "社会团体"), ("服务中心", "社会服务机构"), ("培训学校", "社会服务机构"), ("基金会", "基金会")]
INDUSTRIES = ["农业与茶产业", "商贸与电子商务", "慈善与志愿服务", "教育培训", "医疗卫生", "文体", "社会服务"]


def organization_rows(count: int, *, towns: list[str], seed: int = 1, serial_base: int = 2_000_000) -> Iterator[list]:
    """Rows in the organizations template's column order."""
    rng = random.Random(seed)
    for index in range(count):
        stem = STEMS[index % len(STEMS)]
        suffix, kind = SUFFIXES[index % len(SUFFIXES)]
        category = {"社会团体": "1", "社会服务机构": "2", "基金会": "3"}[kind]
        town = towns[index % len(towns)] if towns else ""
        yield [
            f"合成{town}{stem}{suffix}{index + 1:05d}",
            make_uscc(serial_base + index, category=category),
            kind,
            "旺苍县民政局",
            town,
            "",
            f"旺苍县{town}{index % 90 + 1}号",
            SURNAMES[index % len(SURNAMES)] + GIVEN[index % len(GIVEN)],
            f"138{index:08d}",
            (date(2005, 1, 1) + timedelta(days=rng.randrange(6000))).isoformat(),
            rng.randrange(1, 60),
            rng.randrange(0, 200),
            "是" if rng.random() < 0.8 else "否",
            "",
            "",
            "",
        ]


def member_rows(
    count: int, *, usccs: list[str], branches: list[tuple[str, str]], seed: int = 2, serial_base: int = 1_000_000
) -> Iterator[list]:
    """Rows in the members template's column order. ``branches`` are (name, join path label)."""
    rng = random.Random(seed)
    for index in range(count):
        serial = serial_base + index
        branch, path = branches[index % len(branches)]
        yield [
            SURNAMES[serial % len(SURNAMES)] + GIVEN[(serial // 7) % len(GIVEN)] + GIVEN[serial % len(GIVEN)],
            make_id_number(serial),
            "男" if index % 2 else "女",
            f"139{serial:08d}",
            usccs[index % len(usccs)] if usccs else "",
            branch,
            path,
            (date(2018, 1, 1) + timedelta(days=rng.randrange(1800))).isoformat(),
        ]


def write_workbook(path: Path, headers: list[str], rows) -> Path:
    """Write rows with openpyxl's write-only mode (constant memory)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path
