"""The registry's Excel imports: organizations and members (see wangcang.imports)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from wangcang.forms import COUNT_LIMIT
from wangcang.imports import (
    Column,
    Importer,
    RowError,
    choice_map,
    messages_of,
    parse_choice,
    parse_count,
    parse_date,
    parse_yes_no,
    text,
)
from wangcang.models import Division, division_prefix
from wangcang.validators import EARLIEST_DATE, MOBILE, clean_id_number, clean_uscc

from .models import Member, Organization, Town, UnionBranch, default_registration_authority

DATE_NOTE = gettext_lazy("A date, such as 2022-05-01")
YES_NO_NOTE = gettext_lazy("是 or 否")
TOWN_NOTE = gettext_lazy("The name of a town or community of the county, as in the registry")
CODE_NOTE = gettext_lazy("18 characters, as on the registration certificate.")
ORG_NOTE = gettext_lazy("The unified social credit code of the member's organization, already registered")
BRANCH_NOTE = gettext_lazy("The full name of a union branch of the county")
PHONE_NOTE = gettext_lazy("A mobile number (13812345678) or a landline with its area code (0839-5201234)")
PATH_NOTE = gettext_lazy("点 (own union), 线 (industry union) or 面 (individual join at a community union)")


def parse_headcount(value) -> int:
    """A count of people, within the limit the forms use (not the database's 9223372036854775807)."""
    number = parse_count(value)
    if number > COUNT_LIMIT:
        raise ValidationError(_("Enter a whole number no greater than %(limit)s.") % {"limit": f"{COUNT_LIMIT:,}"})
    return number


def _label(model, name: str):
    return model._meta.get_field(name).verbose_name


class RegistryImporter(Importer):
    model = None

    def prepare(self) -> None:
        self.errors: list[tuple[str, str]] = []
        try:
            self.division = Division.objects.get(code=self.params.get("division") or "")
        except Division.DoesNotExist:
            raise ValidationError(_("Choose the division to import into.")) from None
        self.prefix = division_prefix(self.division.code)

    def error(self, key: str, message: str) -> None:
        self.errors.append((str(self.column(key).header), str(message)))

    def field(self, key: str, parse, value, **kwargs):
        try:
            return parse(value, **kwargs)
        except ValidationError as exc:
            for message in messages_of(exc):
                self.error(key, message)
            return None

    def required(self, values: dict, key: str) -> str:
        value = text(values.get(key))
        if not value:
            self.error(key, _("This column is required."))
        return value

    def finish(self, instance, exclude: list[str], cleaned: dict) -> None:
        """Field checks of the model (lengths, choices, plausible dates and phones), without
        per-row queries: uniqueness is checked against the sets loaded by ``prepare``."""
        try:
            # Field checks only: the model's clean() would check the USCC or ID number again.
            instance.clean_fields(exclude=exclude)
            for name in instance.phone_fields:
                cleaned[name] = getattr(instance, name)  # as normalised by the check
        except ValidationError as exc:
            # A column already refused by the row's own checks (an empty required cell) is
            # not refused a second time in the model's words.
            refused = {header for header, _message in self.errors}
            for name, messages in exc.message_dict.items():
                header = next(
                    (str(column.header) for column in self.columns if column.key == name),
                    str(_label(self.model, name)) if name != "__all__" else "",
                )
                if header not in refused:
                    self.errors.extend((header, message) for message in messages)
        if self.errors:
            errors, self.errors = self.errors, []
            raise RowError(errors)

    def write_batch(self, objects: list) -> None:
        from wangcang.freshness import mark_instances_changed

        bulk_create_with_history(objects, self.model, batch_size=self.batch_size, default_user=self.user)
        # bulk_create sends no signals: the figures of the divisions written are no longer current.
        mark_instances_changed(objects)


class OrganizationImporter(RegistryImporter):
    name = "organizations"
    title = gettext_lazy("Organizations")
    model = Organization
    columns = [
        Column("name", _label(Organization, "name"), required=True, example="旺苍县示例协会"),
        Column("uscc", _label(Organization, "uscc"), required=True, example="51510821MJ0000001T", note=CODE_NOTE),
        Column(
            "kind", _label(Organization, "kind"), required=True, example="社会团体", choices=Organization.Kind.choices
        ),
        Column("registration_authority", _label(Organization, "registration_authority"), example="旺苍县民政局"),
        Column("town", _label(Organization, "town"), example="东河镇", note=TOWN_NOTE),
        Column("industry", _label(Organization, "industry"), example="教育培训", choices=Organization.Industry.choices),
        Column("address", _label(Organization, "address")),
        Column("contact_person", _label(Organization, "contact_person")),
        Column("contact_phone", _label(Organization, "contact_phone"), note=PHONE_NOTE),
        Column("established_on", _label(Organization, "established_on"), example="2018-05-01", note=DATE_NOTE),
        Column("staff_count", _label(Organization, "staff_count"), example="8"),
        Column("volunteer_count", _label(Organization, "volunteer_count"), example="0"),
        Column("has_party_org", _label(Organization, "has_party_org"), example="是", note=YES_NO_NOTE),
        Column("party_org_name", _label(Organization, "party_org_name")),
        Column("party_secretary", _label(Organization, "party_secretary")),
        Column("notes", _label(Organization, "notes")),
    ]

    def prepare(self) -> None:
        super().prepare()
        self.existing = set(Organization.objects.values_list("uscc", flat=True))
        self.seen: dict[str, int] = {}
        self.towns = dict(
            Town.objects.filter(division__code__startswith=self.prefix).values_list("name", "pk").order_by("-pk")
        )
        self.kinds = choice_map(Organization.Kind.choices)
        self.industries = choice_map(Organization.Industry.choices)
        self.row = 1

    def check_row(self, values: dict) -> dict:
        self.row += 1
        cleaned = {"division_id": self.division.code, "status": Organization.Status.ACTIVE}
        cleaned["name"] = self.required(values, "name")
        raw_uscc = self.required(values, "uscc")
        if raw_uscc:
            uscc = self.field("uscc", clean_uscc, raw_uscc)
            if uscc:
                if uscc in self.existing:
                    self.error("uscc", _("This unified social credit code is already registered."))
                elif uscc in self.seen:
                    self.error("uscc", _("The same code is already on another row of this file."))
                self.seen.setdefault(uscc, self.row)
                cleaned["uscc"] = uscc
        cleaned["kind"] = self.field("kind", parse_choice, values.get("kind"), mapping=self.kinds, required=True)
        cleaned["industry"] = (
            self.field("industry", parse_choice, values.get("industry"), mapping=self.industries)
            or Organization.Industry.OTHER
        )
        if town := text(values.get("town")):
            if town in self.towns:
                cleaned["town_id"] = self.towns[town]
            else:
                self.error("town", _("There is no town or community “%(name)s” in this county.") % {"name": town})
        cleaned["established_on"] = self.field("established_on", parse_date, values.get("established_on"))
        cleaned["staff_count"] = self.field("staff_count", parse_headcount, values.get("staff_count")) or 0
        cleaned["volunteer_count"] = self.field("volunteer_count", parse_headcount, values.get("volunteer_count")) or 0
        cleaned["has_party_org"] = bool(self.field("has_party_org", parse_yes_no, values.get("has_party_org")))
        for key in ("registration_authority", "address", "contact_person", "contact_phone", "party_org_name"):
            cleaned[key] = text(values.get(key))
        cleaned["party_secretary"] = text(values.get("party_secretary"))
        cleaned["notes"] = text(values.get("notes"))
        if not cleaned["registration_authority"]:
            cleaned["registration_authority"] = default_registration_authority(self.division)
        instance = Organization(**{key: value for key, value in cleaned.items() if value is not None})
        self.finish(instance, exclude=["uscc", "kind", "industry", "town", "division"], cleaned=cleaned)
        return cleaned

    def build(self, cleaned: dict) -> Organization:
        return Organization(**cleaned)


class MemberImporter(RegistryImporter):
    name = "members"
    title = gettext_lazy("Members")
    model = Member
    columns = [
        Column("name", gettext_lazy("full name"), required=True, example="张三"),
        Column("id_number", _label(Member, "id_number"), required=True, example="510821196803010011"),
        Column("gender", _label(Member, "gender"), example="男", choices=Member.Gender.choices),
        Column("phone", _label(Member, "phone"), note=PHONE_NOTE),
        Column("organization", gettext_lazy("organization USCC"), example="51510821MJ0000001T", note=ORG_NOTE),
        Column("branch", _label(Member, "branch"), required=True, example="电子商务协会工会", note=BRANCH_NOTE),
        Column("join_path", _label(Member, "join_path"), required=True, example="点", note=PATH_NOTE),
        Column("joined_on", _label(Member, "joined_on"), example="2021-03-01", note=DATE_NOTE),
    ]

    def prepare(self) -> None:
        super().prepare()
        # One date for the whole import, as for its single transaction.
        self.today = timezone.localdate()
        self.name_length = Member._meta.get_field("name").max_length
        self.phone_length = Member._meta.get_field("phone").max_length
        self.gender_values = {"", *Member.Gender.values}
        self.division_codes: dict = {}
        self.existing = set(Member.objects.filter(left_on__isnull=True).values_list("id_number", flat=True))
        self.seen: set[str] = set()
        self.organizations = dict(
            Organization.objects.filter(division__code__startswith=self.prefix).values_list("uscc", "pk")
        )
        self.branches: dict[str, tuple[int, str] | None] = {}
        for pk, name, level in UnionBranch.objects.filter(division__code__startswith=self.prefix).values_list(
            "pk", "name", "level"
        ):
            # A name used by two branches cannot say which one is meant.
            self.branches[name] = None if name in self.branches else (pk, level)
        self.genders = choice_map(Member.Gender.choices) | {"男": Member.Gender.MALE, "女": Member.Gender.FEMALE}
        self.paths = choice_map(Member.JoinPath.choices) | {
            "点": Member.JoinPath.OWN,
            "自建": Member.JoinPath.OWN,
            "自建工会": Member.JoinPath.OWN,
            "线": Member.JoinPath.INDUSTRY,
            "行业": Member.JoinPath.INDUSTRY,
            "行业工会": Member.JoinPath.INDUSTRY,
            "面": Member.JoinPath.INDIVIDUAL,
            "单体": Member.JoinPath.INDIVIDUAL,
            "单体入会": Member.JoinPath.INDIVIDUAL,
        }

    def check_row(self, values: dict) -> dict:
        cleaned = {"name": self.required(values, "name")}
        raw_id = self.required(values, "id_number")
        if raw_id:
            number = self.field("id_number", clean_id_number, raw_id, today=self.today)
            if number:
                if number in self.existing:
                    self.error("id_number", _("This person is already a member of a union."))
                elif number in self.seen:
                    self.error("id_number", _("The same ID number is already on another row of this file."))
                self.seen.add(number)
                cleaned["id_number"] = number
        cleaned["gender"] = self.field("gender", parse_choice, values.get("gender"), mapping=self.genders) or ""
        cleaned["phone"] = text(values.get("phone"))
        if uscc := text(values.get("organization")):
            if uscc.upper() in self.organizations:
                cleaned["organization_id"] = self.organizations[uscc.upper()]
            else:
                self.error("organization", _("No organization with the code %(code)s is registered.") % {"code": uscc})
        branch_level = None
        if branch := self.required(values, "branch"):
            if branch not in self.branches:
                self.error("branch", _("There is no union branch “%(name)s” in this county.") % {"name": branch})
            elif self.branches[branch] is None:
                self.error("branch", _("Several union branches are named “%(name)s”.") % {"name": branch})
            else:
                cleaned["branch_id"], branch_level = self.branches[branch]
        cleaned["join_path"] = self.field(
            "join_path", parse_choice, values.get("join_path"), mapping=self.paths, required=True
        )
        if (
            cleaned["join_path"] == Member.JoinPath.INDIVIDUAL
            and branch_level
            and branch_level != UnionBranch.Level.COMMUNITY
        ):
            self.error("join_path", _("Individual joins are taken by town or community unions."))
        cleaned["joined_on"] = self.field("joined_on", parse_date, values.get("joined_on"))
        if self.errors or not self.passes_field_checks(cleaned):
            instance = Member(**{key: value for key, value in cleaned.items() if value is not None})
            self.finish(instance, exclude=["branch", "organization", "id_number", "join_path"], cleaned=cleaned)
        return cleaned

    def passes_field_checks(self, cleaned: dict) -> bool:
        """Whether the model's field checks (:meth:`finish`) would pass this row and leave it
        as it is: a name within its length, no phone or a mobile number as the check writes
        it, a joining date from 1900 to today. Only the other rows pay for a model instance
        and its checks, which also give them their messages."""
        phone, joined_on = cleaned["phone"], cleaned["joined_on"]
        return (
            0 < len(cleaned["name"]) <= self.name_length
            and (not phone or (len(phone) <= self.phone_length and MOBILE.fullmatch(phone) is not None))
            and cleaned["gender"] in self.gender_values
            and (joined_on is None or EARLIEST_DATE <= joined_on <= self.today)
        )

    def build(self, cleaned: dict) -> dict:
        # The record's column values: written as they are (wangcang.bulkcreate).
        return cleaned

    def write_batch(self, objects: list[dict]) -> None:
        from wangcang.bulkcreate import create_with_history
        from wangcang.freshness import mark_rows_changed

        create_with_history(Member, objects, user=self.user)
        # No signals either: the figures of the divisions written are no longer current.
        # The divisions of the organizations and branches are read once for the import.
        mark_rows_changed(Member, objects, self.division_codes)


IMPORTERS = {importer.name: importer for importer in (OrganizationImporter, MemberImporter)}
