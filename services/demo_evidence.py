"""Evidence files of the purchased-services demo, drawn in code: PNG sign-in sheets of
training classes and PDF result notices of the contests.

They are real files that pass the same content check as uploads and are stored privately
under MEDIA_ROOT like any upload, so the demo shows how evidence opens (and for whom).
Attaching is idempotent: a delivery that already has the file (by its original name) is
left alone.
"""

from __future__ import annotations

import datetime
import functools
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

# Fonts with Chinese glyphs, in order of preference; without one the sheet is still a
# valid PNG, its Chinese drawn by Pillow's fallback font.
CJK_FONTS = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "秀兰", "志强", "海燕", "明", "丽", "春林", "小红", "国平", "玉兰", "永福", "桂英", "大勇", "晓东"]
TOWNS = ["东河镇", "嘉川镇", "白水镇", "木门镇", "三江镇", "普济镇"]
PHONE_PREFIXES = ["138", "139", "135", "158", "187", "177", "152", "183"]
SHEET_ROWS = 20  # one page; the footer gives the full count


def _font(size: int):
    from PIL import ImageFont

    for path in CJK_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _person(index: int) -> str:
    return SURNAMES[(index * 7) % len(SURNAMES)] + GIVEN[(index * 5 + index // 3) % len(GIVEN)]


# The files are drawn from their arguments alone: a process that loads the demo again (the
# test suite does, many times) draws each once.
@functools.lru_cache(maxsize=64)
def sign_in_sheet_png(*, title: str, day: datetime.date, place: str, persons: int) -> bytes:
    """A one-page sign-in sheet (签到表) of a class: who came, from where, signed."""
    from PIL import Image, ImageDraw

    width, row_height, top = 900, 44, 190
    rows = min(persons, SHEET_ROWS)
    height = top + row_height * (rows + 1) + 110
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    heading, body, small = _font(30), _font(20), _font(17)
    draw.text((width // 2, 50), f"{title} 签到表", font=heading, fill="black", anchor="mm")
    draw.text((60, 110), f"日期：{day:%Y年%m月%d日}", font=body, fill="black")
    draw.text((60, 145), f"地点：{place}", font=body, fill="black")
    columns = [(60, "序号"), (150, "姓名"), (320, "所在乡镇"), (520, "联系电话"), (700, "本人签名")]
    right = width - 60
    for row in range(rows + 2):
        y = top + row * row_height
        draw.line([(60, y), (right, y)], fill="black", width=2 if row in (0, 1) else 1)
    bottom = top + (rows + 1) * row_height
    for x, _label in columns:
        draw.line([(x, top), (x, bottom)], fill="black", width=1)
    draw.line([(right, top), (right, bottom)], fill="black", width=1)
    for x, label in columns:
        draw.text((x + 12, top + row_height // 2), label, font=body, fill="black", anchor="lm")
    for index in range(rows):
        y = top + (index + 1) * row_height + row_height // 2
        name = _person(index + day.toordinal())
        phone = f"{PHONE_PREFIXES[index % len(PHONE_PREFIXES)]}****{(day.toordinal() * 37 + index * 911) % 10000:04d}"
        cells = [str(index + 1), name, TOWNS[index % len(TOWNS)], phone]
        for (x, _label), text in zip(columns, cells, strict=False):
            draw.text((x + 12, y), text, font=body, fill="black", anchor="lm")
        draw.text((columns[-1][0] + 20, y), name, font=body, fill="#1f3f99", anchor="lm")
    note = f"共 {persons} 人签到（本页为前 {rows} 人）" if persons > rows else f"共 {persons} 人签到"
    draw.text((60, bottom + 35), note, font=small, fill="black")
    draw.text((right, bottom + 35), "经办人：＿＿＿＿＿＿", font=small, fill="black", anchor="ra")
    buffer = io.BytesIO()
    # A few grey levels and one ink colour are all a scanned form needs: a small file.
    image.quantize(colors=16).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def results_notice_pdf(*, title: str, day: datetime.date, participants: int, results) -> bytes:
    """A one-page notice of a contest's results (获奖名单), as a PDF."""
    rows = tuple((r.award, r.winner, r.winner_organization, r.entry_title) for r in results)
    return _results_notice_pdf(title=title, day=day, participants=participants, rows=rows)


@functools.lru_cache(maxsize=16)
def _results_notice_pdf(*, title: str, day: datetime.date, participants: int, rows: tuple) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML

    rows = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    font = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif'
    html = f"""<html><head><meta charset="utf-8"><style>
      @page {{ size: A4; margin: 20mm; }}
      body {{ font-family: {font}; font-size: 11pt; }}
      h1 {{ font-size: 17pt; text-align: center; }}
      table {{ width: 100%; border-collapse: collapse; margin-top: 6mm; }}
      th, td {{ border: 0.5pt solid #444; padding: 2mm; }}
      .sign {{ margin-top: 16mm; text-align: right; }}
    </style></head><body>
      <h1>{escape(title)} 获奖名单</h1>
      <p>比赛日期：{day:%Y年%m月%d日}；参赛人数：{participants} 人。</p>
      <table><tr><th>奖项</th><th>获奖人</th><th>单位</th><th>作品或项目</th></tr>{rows}</table>
      <p class="sign">旺苍县总工会<br>{day + datetime.timedelta(days=7):%Y年%m月%d日}</p>
    </body></html>"""
    return HTML(string=html).write_pdf()


def _attach(delivery, staff, *, kind: str, name: str, content: bytes) -> bool:
    """Store one file against a delivery unless it is there already; True when stored."""
    from wangcang.uploads import validate_upload

    from .models import DeliveryEvidence

    if DeliveryEvidence.objects.filter(delivery=delivery, original_name=name).exists():
        return False
    upload = ContentFile(content, name=name)
    validate_upload(upload)  # the same content check as a real upload
    evidence = DeliveryEvidence(
        delivery=delivery,
        kind=kind,
        original_name=name,
        uploaded_by=staff,
        uploaded_at=delivery.recorded_at or timezone.now(),
    )
    evidence.file.save(name, upload, save=False)
    evidence.full_clean()
    evidence.save()
    return True


@transaction.atomic
def attach_demo_evidence() -> int:
    """Sign-in sheets of the cook-training classes and two legal trainings; result notices of
    the three contests. Returns how many files were stored this time."""
    from orgs.demo_registry import FANGJIN_LAW_FIRM, HUAYUE
    from wangcang.models import User

    from .models import DeliverableKind, Delivery, DeliveryEvidence

    staff = User.objects.filter(username="staff").first()
    stored = 0
    trainings = Delivery.objects.filter(
        kind__code=DeliverableKind.TRAINING, contract__provider__name__in=[HUAYUE, FANGJIN_LAW_FIRM]
    ).select_related("contract__provider")
    # All classes of the cook training, the first two legal trainings.
    chosen = [d for d in trainings if d.contract.provider.name == HUAYUE]
    chosen += sorted((d for d in trainings if d.contract.provider.name == FANGJIN_LAW_FIRM), key=lambda d: d.pk)[:2]
    for delivery in chosen:
        title = delivery.description or str(delivery.kind)
        name = f"签到表-{delivery.delivered_on:%Y%m%d}.png"
        if DeliveryEvidence.objects.filter(delivery=delivery, original_name=name).exists():
            continue
        content = sign_in_sheet_png(
            title=title, day=delivery.delivered_on, place=delivery.place, persons=delivery.persons_served
        )
        stored += _attach(delivery, staff, kind=DeliveryEvidence.Kind.SIGN_IN_SHEET, name=name, content=content)
    contests = Delivery.objects.filter(kind__code=DeliverableKind.CONTEST).prefetch_related("results")
    for delivery in contests:
        name = f"获奖名单-{delivery.delivered_on:%Y%m%d}.pdf"
        if DeliveryEvidence.objects.filter(delivery=delivery, original_name=name).exists():
            continue
        content = results_notice_pdf(
            title=delivery.description.split("（")[0],
            day=delivery.delivered_on,
            participants=delivery.persons_served,
            results=list(delivery.results.all()),
        )
        stored += _attach(delivery, staff, kind=DeliveryEvidence.Kind.OTHER, name=name, content=content)
    return stored
