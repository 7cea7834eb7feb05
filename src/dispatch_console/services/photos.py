"""Photos, from customers' phones and technicians' alike: decoded, checked and written again
without any metadata, so the EXIF location of the customer's home (and the camera's serial
number) never reaches our database. Whatever cannot be decoded as a photo is refused in words;
a photo is judged by decoding it, never by its first bytes.

A photo may come as bytes or as a file (an upload spooled to disk): Pillow reads the file as it
decodes, so the memory a photo costs is its pixels. Decoding is CPU work anyway, so only
DECODERS photos are decoded at once: sixteen uploads at the same moment cost the pixels of two,
not of sixteen. iPhones' HEIC/HEIF photos are decoded with pillow-heif and stored as JPEG (the
console shows JPEG; it could not show HEIC)."""

from __future__ import annotations

import functools
import io
import logging
import threading
import warnings
from typing import BinaryIO

from ..domain.attachments import clean_filename
from ..domain.errors import ValidationError
from ..domain.selfservice import MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS

log = logging.getLogger(__name__)

# format Pillow names -> (suffix, encoder). MPO: a JPEG with a second picture inside (phones'
# "Ultra HDR"); the first is the photo. HEIF: iPhones' photos, written as JPEG.
FORMATS = {
    "JPEG": ("jpg", "JPEG"), "MPO": ("jpg", "JPEG"), "PNG": ("png", "PNG"),
    "WEBP": ("webp", "WEBP"), "GIF": ("gif", "GIF"), "HEIF": ("jpg", "JPEG"),
}  # fmt: skip
DECODERS = threading.BoundedSemaphore(2)  # photos decoded at once (the server's 2 cores)


@functools.cache  # registered once; the cache's lock makes a second caller wait for the first
def heif_readable() -> bool:
    """Whether HEIC/HEIF photos can be decoded here (pillow-heif, registered with Pillow)."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # an older install: HEIC is refused in words, never kept as sent
        log.warning("pillow-heif is not installed: HEIC photos are refused")
        return False
    register_heif_opener(thumbnails=False, depth_images=False)
    return True


def clean_photo(filename: str, data: bytes | BinaryIO, field: str = "photos") -> tuple[str, bytes]:
    """The photo as (name, bytes) with no metadata, upright as the camera meant it."""
    from PIL import Image, ImageOps, UnidentifiedImageError  # the first photo pays, not each start

    name = clean_filename(filename)
    if name in ("", ".", ".."):
        name = "photo"
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    size = source.seek(0, io.SEEK_END)
    source.seek(0)
    if not size:
        raise ValidationError(field, f"{name} is empty")
    if size > MAX_PHOTO_BYTES:
        raise ValidationError(
            field, f"{name} is {size / 1048576:.1f} MB; the limit is "
            f"{MAX_PHOTO_BYTES // 1048576} MB",
        )  # fmt: skip
    heif_readable()
    with DECODERS:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(source)
                if image.format not in FORMATS:
                    raise ValidationError(field, f"{name} is not a JPEG, PNG, WebP or GIF picture")
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise ValidationError(field, f"{name} is {width}×{height} pixels; too large")
                image.load()
                # turning lives in EXIF, which goes; in place: no second copy of the pixels
                ImageOps.exif_transpose(image, in_place=True)
                upright: Image.Image = image
        except ValidationError:
            raise
        except (UnidentifiedImageError, Image.DecompressionBombError,
                Image.DecompressionBombWarning, OSError, ValueError, SyntaxError,
                EOFError) as exc:  # fmt: skip
            raise ValidationError(field, f"{name} is not a photo we can read") from exc
        suffix, encoder = FORMATS[str(image.format)]
        if encoder == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        out = io.BytesIO()
        # some encoders carry over what the file said (a PNG's text and ICC profile, a GIF's
        # comment): only transparency is kept, and nothing else is passed to the encoder
        upright.info = {k: v for k, v in upright.info.items() if k == "transparency"}
        upright.save(out, encoder, **({"quality": 88} if encoder != "PNG" else {}))
        image.close()
        upright.close()
    stem = name.rsplit(".", 1)[0] or "photo"
    return f"{stem}.{suffix}", out.getvalue()
