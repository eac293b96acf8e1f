"""Images of the prose: an ``![alt text](path)`` checked and measured as an ``Image`` block.

In: the alt text and the path as the prose writes them, the prose file and line (for
messages) and the folder the report's files must stay in (the layout's folder).
Out: an ``Image`` (absolute path, size in pixels, the resolution the file states) for a PNG
or JPEG file inside that folder. No alt text, a path that is absolute, a web address or
leads out of the folder, a missing file and a file that is not a readable PNG or JPEG are
``InputError``s naming the prose file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from regionreport.document import Image
from regionreport.errors import InputError

FORMATS = ("PNG", "JPEG")
MAX_PIXELS = 50_000_000          # larger than any print needs; refuses decompression bombs
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def prose_image(alt: str, target: str, *, file: str | Path, line: int,
                root: str | Path) -> Image:
    """The ``Image`` of ``![alt](target)`` on ``line`` of the prose ``file``; ``target`` is
    relative to the prose file's folder and must stay inside ``root``."""
    place = f"line {line}"

    def refuse(problem: str, fix: str) -> InputError:
        return InputError(problem, file=file, place=place, fix=fix)

    if not alt.strip():
        raise refuse(f"the image '{target}' has no alt text",
                     "write what the image shows between the brackets, e.g. "
                     "![Karta över länets kommuner](karta.png): readers who cannot see the "
                     "image get this text")
    if not target:
        raise refuse("the image has no path", "write the file's path between the "
                                              "parentheses, relative to this prose file")
    if _SCHEME.match(target) or target.startswith(("/", "\\")):
        raise refuse(f"the image path '{target}' is not a path relative to the prose file",
                     "put the PNG or JPEG file in the report's folder and write its path "
                     "relative to this prose file (images from the web are not fetched)")
    folder = Path(root).resolve()
    path = (Path(file).parent / target).resolve()
    if not path.is_relative_to(folder):
        raise refuse(f"the image path '{target}' leads outside the report's folder {folder}",
                     "copy the image into that folder and write its path relative to this "
                     "prose file")
    if not path.is_file():
        raise refuse(f"image file '{target}' not found", f"create {path} or correct the path")
    return _measured(path, alt.strip(), target, refuse)


def _measured(path: Path, alt: str, target: str, refuse) -> Image:
    """The image's pixel size and stated resolution, after decoding it once."""
    try:
        with PILImage.open(path) as picture:
            kind = picture.format
            if kind not in FORMATS:
                raise refuse(f"image file '{target}' is a {kind} image, not PNG or JPEG",
                             "save the image as PNG (charts, maps, drawings) or JPEG (photos)")
            width, height = picture.size
            if width * height > MAX_PIXELS:
                raise refuse(f"image file '{target}' has {width} × {height} pixels, more than "
                             f"{MAX_PIXELS:,} in all".replace(",", " "),
                             "save a smaller copy: 300 pixels per inch at the printed size "
                             "is plenty")
            picture.load()
            dpi = picture.info.get("dpi")
    except (UnidentifiedImageError, PILImage.DecompressionBombError, OSError, SyntaxError,
            ValueError) as error:
        raise refuse(f"image file '{target}' cannot be read as a PNG or JPEG image "
                     f"({error})", "save it again as PNG or JPEG") from None
    stated = None
    if dpi and len(dpi) == 2 and all(isinstance(d, (int, float)) and d > 1 for d in dpi):
        stated = (float(dpi[0]), float(dpi[1]))
    return Image(path=str(path), alt=alt, width_px=width, height_px=height, dpi=stated)
