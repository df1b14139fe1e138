"""Render the procedural sprites of ``sprites-definition.json`` (Python twin of sprites.ts).

Both renderers use only integer arithmetic, so they agree pixel for pixel: a vertex at base
offset (bx, by), in 1/16 of the radius, with radius ``scale`` in quarter pixels, rotation
(cos, sin) times 1024 and centre (px, py) in half pixels lies at

    X = px * 2**15 + scale * (cos * bx - sin * by)
    Y = py * 2**15 + scale * (sin * bx + cos * by)

in units of 2**-16 pixel. A pixel (row j, column i) is 1 when its centre ((2i+1) * 2**15,
(2j+1) * 2**15) is inside the polygon by the even-odd crossing rule, else 0. All values stay
below 2**45, so JavaScript doubles hold them exactly.

Needs numpy only. ``python3 sprites.py --hex`` prints every image of the factor grid as hex
bytes, one per line, for the agreement test in sprites.spec.ts.
"""

import argparse
import json
import os
import sys
from typing import Any, Dict, Tuple

import numpy as np

DEFINITION_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "sprites-definition.json"
)
HALF_PIXEL = 2**15


def load_definition(path: str = DEFINITION_PATH) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def factor_sizes(definition: Dict[str, Any]) -> Tuple[int, int, int, int, int]:
    """Number of values of each factor, in the order shape, scale, rotation, x, y."""
    positions = len(definition["positions"])
    return (
        len(definition["shapes"]),
        len(definition["scales"]),
        len(definition["rotations"]),
        positions,
        positions,
    )


def factor_grid(definition: Dict[str, Any]) -> np.ndarray:
    """Every factor combination as rows of indices, the last factor (y) varying fastest."""
    sizes = factor_sizes(definition)
    grids = np.meshgrid(*[np.arange(size) for size in sizes], indexing="ij")
    return np.stack([grid.reshape(-1) for grid in grids], axis=1).astype(np.int64)


def render(definition: Dict[str, Any], factors: np.ndarray) -> np.ndarray:
    """Render rows of factor indices (shape, scale, rotation, x, y) to uint8 images of 0 and 1.

    Returns an array of shape (len(factors), size, size).
    """
    factors = np.asarray(factors, dtype=np.int64).reshape(-1, 5)
    size = int(definition["image_size"])
    centres = (2 * np.arange(size, dtype=np.int64) + 1) * HALF_PIXEL
    pixel_y, pixel_x = np.meshgrid(centres, centres, indexing="ij")
    pixel_x = pixel_x.reshape(1, -1)
    pixel_y = pixel_y.reshape(1, -1)
    images = np.zeros((len(factors), size * size), dtype=np.uint8)

    scales = np.asarray(definition["scales"], dtype=np.int64)
    rotations = np.asarray(definition["rotations"], dtype=np.int64)
    positions = np.asarray(definition["positions"], dtype=np.int64)
    for shape_index, shape in enumerate(definition["shapes"]):
        rows = np.nonzero(factors[:, 0] == shape_index)[0]
        if len(rows) == 0:
            continue
        chosen = factors[rows]
        scale = scales[chosen[:, 1]][:, None]
        cos = rotations[chosen[:, 2], 0][:, None]
        sin = rotations[chosen[:, 2], 1][:, None]
        base = np.asarray(shape["vertices"], dtype=np.int64)
        vertex_x = positions[chosen[:, 3]][:, None] * HALF_PIXEL + scale * (
            cos * base[None, :, 0] - sin * base[None, :, 1]
        )
        vertex_y = positions[chosen[:, 4]][:, None] * HALF_PIXEL + scale * (
            sin * base[None, :, 0] + cos * base[None, :, 1]
        )
        inside = np.zeros((len(rows), size * size), dtype=bool)
        count = base.shape[0]
        for edge in range(count):
            ax, ay = vertex_x[:, edge : edge + 1], vertex_y[:, edge : edge + 1]
            bx = vertex_x[:, (edge + 1) % count][:, None]
            by = vertex_y[:, (edge + 1) % count][:, None]
            straddles = (ay > pixel_y) != (by > pixel_y)
            side = (pixel_x - ax) * (by - ay) - (pixel_y - ay) * (bx - ax)
            crosses = np.where(by > ay, side < 0, side > 0)
            inside ^= straddles & crosses
        images[rows] = inside.astype(np.uint8)
    return images.reshape(len(factors), size, size)


def main(argv: Any = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hex", action="store_true", help="print the factor grid's images as hex")
    arguments = parser.parse_args(argv)
    if not arguments.hex:
        parser.print_usage(sys.stderr)
        return 2
    definition = load_definition()
    images = render(definition, factor_grid(definition))
    for image in images:
        sys.stdout.write(image.reshape(-1).tobytes().hex() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
