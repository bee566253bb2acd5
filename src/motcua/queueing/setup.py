"""Service groups from the catalogue (nhóm dịch vụ theo lĩnh vực): one group per field (lĩnh vực) of
the procedures the centre's unit receives, served by every counter of the centre. A starting point
that the centre manager then merges and renames in the admin."""

from django.db import transaction

from motcua.catalog.models import Field

from .models import Icon, ServiceGroup

CODES = "123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: read as 1 and 0 on a screen
ICON_WORDS = [("hộ tịch", Icon.FAMILY), ("chứng thực", Icon.DOCUMENT), ("đất đai", Icon.HOUSE),
              ("xây dựng", Icon.HOUSE), ("kinh doanh", Icon.BRIEFCASE), ("doanh nghiệp", Icon.BRIEFCASE),
              ("cư trú", Icon.IDCARD), ("bảo hiểm", Icon.HEART), ("bảo trợ", Icon.HEART), ("y tế", Icon.HEART)]


def icon_for(name: str) -> str:
    """A picture for a field by the words in its name; a document otherwise."""
    lowered = name.lower()
    return next((icon for word, icon in ICON_WORDS if word in lowered), Icon.DOCUMENT)


def groups_from_fields(centre) -> list[ServiceGroup]:
    """Create a group for each field not yet in one of the centre's groups; returns the new groups."""
    fields = (Field.objects.filter(procedures__units__unit=centre.unit, procedures__units__is_enabled=True)
              .exclude(service_groups__centre=centre).distinct().order_by("name"))
    with transaction.atomic():
        used = set(ServiceGroup.objects.filter(centre=centre).values_list("code", flat=True))
        free = [c for c in CODES if c not in used]
        position = ServiceGroup.objects.filter(centre=centre).count()
        counters = list(centre.counters.all())
        created = []
        for field, code in zip(fields, free):
            position += 1
            group = ServiceGroup.objects.create(centre=centre, code=code, name=field.name[:120],
                                                icon=icon_for(field.name), position=position)
            group.fields.add(field)
            group.counters.add(*counters)
            created.append(group)
    return created
