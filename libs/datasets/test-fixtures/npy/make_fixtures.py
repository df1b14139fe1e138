"""Writes the .npy fixtures in this folder with numpy (run: python3 make_fixtures.py)."""

import numpy as np

np.save("f8_2x3.npy", np.arange(6, dtype="<f8").reshape(2, 3) / 4)
np.save("i8_fortran_3x2.npy", np.asfortranarray(np.array([[1, -2], [3, 4], [5, -6]], dtype="<i8")))
np.save("b1_4.npy", np.array([True, False, False, True]))
with open("u1_v2_2x2.npy", "wb") as f:
    np.lib.format.write_array(f, np.array([[0, 255], [7, 8]], dtype="|u1"), version=(2, 0))
