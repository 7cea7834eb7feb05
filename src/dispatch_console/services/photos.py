"""Photos from the public (customers' phones): decoded, checked and written again without any
metadata, so the EXIF location of the customer's home (and the camera's serial number) never
reaches our database. Whatever cannot be decoded as a photo is refused in words."""

from __future__ import annotations

import io
import warnings

from ..domain.attachments import clean_filename
from ..domain.errors import ValidationError
from ..domain.selfservice import MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS

# MPO: a JPEG with a second picture inside (phones' "Ultra HDR"); the first is the photo
FORMATS = {
    "JPEG": ("jpg", "JPEG"), "MPO": ("jpg", "JPEG"), "PNG": ("png", "PNG"),
    "WEBP": ("webp", "WEBP"), "GIF": ("gif", "GIF"),
}  # fmt: skip


def clean_photo(filename: str, data: bytes, field: str = "photos") -> tuple[str, bytes]:
    """The photo as (name, bytes) with no metadata, upright as the camera meant it."""
    from PIL import Image, ImageOps, UnidentifiedImageError  # the first photo pays, not each start

    name = clean_filename(filename)
    if name in ("", ".", ".."):
        name = "photo"
    if not data:
        raise ValidationError(field, f"{name} is empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(
            field, f"{name} is {len(data) / 1048576:.1f} MB; the limit is "
            f"{MAX_PHOTO_BYTES // 1048576} MB",
        )  # fmt: skip
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise ValidationError(field, f"{name} is not a JPEG, PNG, WebP or GIF picture")
            width, height = image.size
            if width * height > MAX_PHOTO_PIXELS:
                raise ValidationError(field, f"{name} is {width}×{height} pixels; too large")
            image.load()
            upright = ImageOps.exif_transpose(image)  # turning lives in EXIF, which goes
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            OSError, ValueError, SyntaxError) as exc:  # fmt: skip
        raise ValidationError(field, f"{name} is not a photo we can read") from exc
    suffix, encoder = FORMATS[str(image.format)]
    if encoder == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    out = io.BytesIO()
    upright.save(out, encoder, **({"quality": 88} if encoder != "PNG" else {}))
    stem = name.rsplit(".", 1)[0] or "photo"
    return f"{stem}.{suffix}", out.getvalue()
