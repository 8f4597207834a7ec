import django.db.models.functions.text
from django.db import migrations, models

from wangcang.searchindexes import postgresql_search_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0008_department_division_and_history"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="member",
            index=models.Index(django.db.models.functions.text.Right("id_number", 4), name="member_id_last_four_idx"),
        ),
        # The navigation's search box (wangcang.search): nothing on SQLite.
        postgresql_search_indexes(
            ("organization_name_trgm", "orgs_organization", "name", "trigram"),
            ("organization_uscc_trgm", "orgs_organization", "uscc", "trigram"),
            ("unionbranch_name_trgm", "orgs_unionbranch", "name", "trigram"),
            ("trackedissue_description_trgm", "orgs_trackedissue", "description", "trigram"),
            ("member_name_prefix", "orgs_member", "name", "prefix"),
        ),
    ]
