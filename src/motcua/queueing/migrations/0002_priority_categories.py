"""Seed the priority categories (đối tượng ưu tiên): the legal minimum of NĐ 107/2021 (elderly,
pregnant women, people with disabilities) and the ones provinces commonly add (Đà Nẵng practice:
war invalids, sick soldiers; people with meritorious services). Editable in the admin."""

from django.db import migrations

CATEGORIES = [
    ("nguoi-cao-tuoi", "Người cao tuổi (từ 60 tuổi)", "elder"),
    ("phu-nu-mang-thai", "Phụ nữ mang thai", "pregnant"),
    ("nguoi-khuyet-tat", "Người khuyết tật", "wheelchair"),
    ("thuong-binh-benh-binh", "Thương binh, bệnh binh", "medal"),
    ("nguoi-co-cong", "Người có công với cách mạng", "star"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("queueing", "PriorityCategory")
    for position, (code, name, icon) in enumerate(CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "icon": icon, "position": position})


class Migration(migrations.Migration):
    dependencies = [("queueing", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
