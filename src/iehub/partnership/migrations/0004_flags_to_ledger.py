"""Each set cooperation flag of an existing partnership becomes one ledger activity (nothing lost).

The activity runs from the partnership's start to its end (ongoing while the partnership has no end),
marked ``origin="flag"`` so it can be told from what users record; the flags themselves stay and are
derived from the ledger from now on. Reversing removes only the carried-over activities.
"""

from django.db import migrations

FLAG_KINDS = {
    "internships": "internship_hosting",
    "curriculum": "curriculum",
    "training_base": "training_base",
    "joint_research": "joint_research",
    "service_platform": "shared_platform",
}
TITLES = {
    "internship_hosting": "Internship hosting",
    "curriculum": "Curriculum co-development",
    "training_base": "Co-built training base or centre",
    "joint_research": "Joint R&D",
    "shared_platform": "Shared technology platform",
}


def flags_to_activities(apps, schema_editor):
    Partnership = apps.get_model("accounts", "Partnership")
    Activity = apps.get_model("partnership", "Activity")
    batch = []
    for p in Partnership.objects.all().iterator(chunk_size=2000):
        for flag, kind in FLAG_KINDS.items():
            if getattr(p, flag):
                batch.append(
                    Activity(
                        partnership_id=p.pk,
                        kind=kind,
                        title=TITLES[kind],
                        starts_on=p.started_on,
                        ends_on=max(p.ends_on, p.started_on) if p.ends_on else None,
                        origin="flag",
                    )
                )
        if len(batch) >= 5000:
            Activity.objects.bulk_create(batch)
            batch = []
    Activity.objects.bulk_create(batch)


def remove_carried_over(apps, schema_editor):
    apps.get_model("partnership", "Activity").objects.filter(origin="flag").delete()


class Migration(migrations.Migration):
    dependencies = [("partnership", "0003_ledger")]

    operations = [migrations.RunPython(flags_to_activities, remove_carried_over)]
