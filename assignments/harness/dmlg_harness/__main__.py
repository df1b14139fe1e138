"""Command-line entry point: ``python3 -m dmlg_harness``."""

import os
import sys

from dmlg_harness.runner import main

if __name__ == "__main__":
    exit_code = main(sys.argv[1:])
    sys.stderr.flush()
    # os._exit skips interpreter shutdown, so a non-daemon thread or an atexit handler left behind
    # by student code cannot keep the container alive after result.json reports finished: true.
    os._exit(exit_code)
