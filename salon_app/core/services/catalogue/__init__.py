"""The platform's catalogue management: categories and services with their details (rules.py
says what they must be; editing.py saves them), cover pictures and galleries (pictures.py),
publishing and withdrawing (publishing.py: what a withdrawn service still does), and the
dashboard's tables (tables.py). Every service here needs Permission.manage_catalogue and
writes an audit entry with each change.

What customers see of the catalogue is read by discovery/ (Service.on_sale says which
services are on sale); this package only changes it.
"""

from salon_app.core.services.catalogue.editing import (
    CategoryOption,
    GalleryPicture,
    ServiceEdit,
    category_options,
    save_category,
    save_service,
    service_for_edit,
)
from salon_app.core.services.catalogue.pictures import (
    GALLERY_MAX,
    add_gallery_picture,
    move_gallery_picture,
    remove_gallery_picture,
    set_category_cover,
    set_service_cover,
)
from salon_app.core.services.catalogue.publishing import publish_service, withdraw_service
from salon_app.core.services.catalogue.rules import ServiceForm, yuan_to_fen
from salon_app.core.services.catalogue.tables import (
    CATEGORY_SORTS,
    SERVICE_SORTS,
    CategoryRow,
    ServiceRow,
    category_table,
    service_table,
)

__all__ = [
    "CATEGORY_SORTS",
    "GALLERY_MAX",
    "SERVICE_SORTS",
    "CategoryOption",
    "CategoryRow",
    "GalleryPicture",
    "ServiceEdit",
    "ServiceForm",
    "ServiceRow",
    "add_gallery_picture",
    "category_options",
    "category_table",
    "move_gallery_picture",
    "publish_service",
    "remove_gallery_picture",
    "save_category",
    "save_service",
    "service_for_edit",
    "service_table",
    "set_category_cover",
    "set_service_cover",
    "withdraw_service",
    "yuan_to_fen",
]
