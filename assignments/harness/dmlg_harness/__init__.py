"""Runner that executes a student's submission inside the grading sandbox.

The worker starts it as ``python3 -m dmlg_harness --tasks /inputs/tasks.json --inputs /inputs
--submission /submission --out /out`` with ``PYTHONPATH`` set to the folder that contains this
package. The file formats are defined in ``libs/grading/src/harness/harness-protocol.ts``
(protocol version 1). Only the standard library and numpy are used.
"""

PROTOCOL_VERSION = 1
