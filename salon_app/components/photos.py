"""Photos in pages: the image picker, reading what it sends, and rows of thumbnails.

Private photos (certificate scans, complaint evidence) reach the browser only as data: URLs,
set by a handler after a service allowed the viewer; nothing serves them at a URL.
"""

from __future__ import annotations

import asyncio
import base64

import reflex as rx

from salon_app.core.errors import DomainError
from salon_app.core.integrations.storage import MAX_UPLOAD_BYTES
from salon_app.core.services import photos
from salon_app.i18n import t

IMAGE_TYPES = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]}


def image_picker(
    upload_id: str,
    label: str,
    handler: rx.EventHandler,
    rejected: rx.EventHandler,
    max_files: int = 1,
    max_size: int = MAX_UPLOAD_BYTES,
) -> rx.Component:
    """A button that opens the file picker; the chosen files go to `handler` at once.

    The browser refuses other types and files over the size limit (`rejected` says so); the
    service checks the bytes again, whatever the browser let through. A refused drop still
    calls `handler`, with no files, at about the same time as `rejected`: the handler then
    does nothing (an error toast of its own would replace the one `rejected` shows)."""
    picker = rx.upload(
        rx.button(rx.icon("image-plus", size=16), label, type="button", variant="soft"),
        id=upload_id,
        accept=IMAGE_TYPES,
        multiple=max_files > 1,
        max_files=max_files,
        max_size=max_size,
        on_drop=handler(rx.upload_files(upload_id=upload_id)),
        # Only that it happened: the rejections hold the File objects, which socket.io would
        # send whole (megabytes) and the server would drop.
        on_drop_rejected=lambda _rejections: rejected(),
        border="none",
        padding="0",
    )
    _name_file_input(picker, label)
    return picker


def _name_file_input(component: rx.Component, label: str) -> None:
    """Give the picker's hidden file input the button's name (screen readers, Lighthouse):
    rx.upload draws the input itself and takes no props for it."""
    for child in component.children:
        if isinstance(child, rx.el.elements.forms.Input):
            child.custom_attrs["aria-label"] = label
        _name_file_input(child, label)


async def read_uploads(files: list[rx.UploadFile], limit: int) -> list[bytes]:
    """Up to `limit` + 1 files (one too many is enough for the service to refuse), each never
    more than one byte over the size limit."""
    return [await f.read(MAX_UPLOAD_BYTES + 1) for f in files[: limit + 1]]


def data_url(jpeg: bytes) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(jpeg).decode()


def photo_row(urls: rx.Var, row_id: str | None = None, size: str = "72px") -> rx.Component:
    """Square thumbnails of customers' photos in a wrapping row (their size known before they
    load, each named for screen readers)."""
    side = int(size.removesuffix("px"))
    return rx.flex(
        rx.foreach(
            urls,
            lambda url: picture(
                url,
                t("review.photo_alt"),
                side,
                side,
                class_name="photo",
                style={"width": size, "height": size, "border_radius": "6px"},
            ),
        ),
        gap="6px",
        wrap="wrap",
        **({"id": row_id} if row_id else {}),
    )


async def check_chosen(files: list[rx.UploadFile], kept: int) -> tuple[list[bytes], list[str]]:
    """Check photos the moment they are chosen, `kept` already waiting with the same form:
    (clean JPEGs to keep in a backend var until the form is sent, thumbnails to show).
    All or nothing: one bad file or one too many refuses the lot (DomainError)."""
    most = photos.photos_max()
    chosen = await read_uploads(files, most)
    if kept + len(chosen) > most:
        raise DomainError("review.too_many_photos", max=most)
    checked = await asyncio.to_thread(lambda: [photos.preview(data) for data in chosen])
    return [jpeg for jpeg, _ in checked], [data_url(thumb) for _, thumb in checked]


def picture(
    src: rx.Var | str,
    alt: rx.Var | str,
    width: int = 480,
    height: int = 360,
    eager: bool = False,
    **props: object,
) -> rx.Component:
    """A picture that never shifts the page: its size (`width`×`height`, the file's shape) is
    known before it loads, it fills its box's width and keeps that shape, and it is fetched
    only when it comes near the screen (`eager` for the first picture a page opens on)."""
    style = {
        "width": "100%",
        "height": "auto",
        "aspect_ratio": f"{width} / {height}",
        "object_fit": "cover",
        "display": "block",
        "background": "var(--gray-a3)",
        **props.pop("style", {}),  # type: ignore[dict-item]
    }
    return rx.el.img(
        src=src,
        alt=alt,
        # HTML attributes (Reflex would make width= and height= CSS): the browser reserves
        # the box from them before a byte of the picture arrives.
        custom_attrs={"width": str(width), "height": str(height)},
        loading="eager" if eager else "lazy",
        decoding="async",
        style=style,
        **props,
    )


def picture_strip(
    urls: rx.Var, alt: rx.Var | str, strip_id: str, width: int = 1200, height: int = 900
) -> rx.Component:
    """Pictures side by side, scrolling sideways on a phone, each most of the screen wide."""
    return rx.flex(
        rx.foreach(
            urls,
            lambda url: rx.box(
                picture(url, alt, width, height, style={"border_radius": "12px"}),
                flex="0 0 85%",
                max_width="420px",
                scroll_snap_align="start",
            ),
        ),
        gap="8px",
        overflow_x="auto",
        scroll_snap_type="x mandatory",
        width="100%",
        id=strip_id,
    )


def avatar(src: rx.Var | str, name: rx.Var, size: str, **props: object) -> rx.Component:
    """A person's round photo, named for screen readers by the person's name (their initial
    while there is no photo)."""
    return rx.avatar(
        src=src,
        fallback=name.to(str)[0],
        size=size,
        radius="full",
        # An HTML attribute of the picture (Reflex would make `alt=` CSS).
        custom_attrs={"alt": name},
        **props,
    )
