"""The editor, submitter and reader groups with their permissions, so that `migrate` alone gives a
deployment its roles. The definitions are not copied here: this runs the same code as the
`ensure_roles` command (events.services.review.roles_ensure) on the migration's historical models.
`ensure_roles` stays: it puts back exactly these permissions after a hand edit, and brings the
groups up to date when a later release changes a role."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from events.services.review import roles_ensure

    roles_ensure(registry=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("actors", "0002_protesters_and_rioters"),
        ("events", "0004_data_version"),
    ]

    # Going back leaves the groups: they may hold users, and a later migrate finds them again.
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop, elidable=False)]
