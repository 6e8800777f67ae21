"""The Editors group: upload and correct transcripts, tag topics, keep entities tidy.

Editors cannot delete briefings or transcript revisions, and have no say over user
accounts; superusers can do everything. Re-running sets the group's permissions to
exactly this list.
"""

from django.db import migrations

EDITOR_PERMISSIONS = {
    "briefing": ["view", "change"],
    "transcriptrevision": ["view", "add"],  # add = upload transcripts
    "question": ["view", "change"],
    "answer": ["view", "change"],
    "statement": ["view", "change"],
    "topic": ["view", "add", "change", "delete"],
    "exchangetopic": ["view", "add", "change", "delete"],
    "entity": ["view", "add", "change", "delete"],  # delete: merging removes duplicates
    "entityalias": ["view", "add", "change", "delete"],
    "entityslugredirect": ["view", "add", "change"],
    "mention": ["view", "add", "change", "delete"],
    "source": ["view"],
    "exchangepermalink": ["view"],
    "briefingpermalink": ["view"],
}


def create_editors(apps, schema_editor):
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    # Permissions are normally made after all migrations; this group needs them now.
    app_config = apps.get_app_config("briefings")
    app_config.models_module = True
    create_contenttypes(app_config, verbosity=0, apps=apps)
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [
        f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions
    ]
    permissions = Permission.objects.filter(
        content_type__app_label="briefings", codename__in=codenames
    )
    group.permissions.set(permissions)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0003_search_configuration"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
