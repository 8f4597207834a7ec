from django.db import migrations

from wangcang.searchindexes import postgresql_search_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0008_constraint_wording"),
    ]

    operations = [
        # The navigation's search box (wangcang.search): nothing on SQLite.
        postgresql_search_indexes(("contract_title_trgm", "services_contract", "title", "trigram")),
    ]
