"""Assignment-specific drivers: training loops the harness owns so results are comparable.

Each module defines ``run(module, task, inputs, call_student) -> Dict[str, numpy.ndarray]``.
"""
