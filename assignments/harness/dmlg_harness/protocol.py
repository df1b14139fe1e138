"""Reading ``tasks.json`` and writing ``result.json`` (protocol version 1).

The worker writes ``tasks.json``, so an invalid file is a fault of the grader: ``load_task_file``
raises ``TaskFileError`` and the harness exits non-zero without running student code.
"""

import json
import os
import platform
import re
from typing import Any, Dict, List, Optional

import numpy as np

from dmlg_harness import PROTOCOL_VERSION

_TASK_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INPUT_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.npy$")


class TaskFileError(Exception):
    """tasks.json is missing, unreadable or does not follow the protocol."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise TaskFileError(message)


def _validate_task(task: Any, index: int) -> None:
    where = f"tasks[{index}]"
    _require(isinstance(task, dict), f"{where} must be an object, got {type(task).__name__}")
    task_id = task.get("id")
    _require(
        isinstance(task_id, str) and bool(_TASK_ID.match(task_id)),
        f"{where}.id must match {_TASK_ID.pattern}, got {task_id!r}",
    )

    for key in ("class", "method"):
        value = task.get(key)
        _require(
            isinstance(value, str) and bool(_IDENTIFIER.match(value)),
            f"task {task_id}: {key} must be a Python identifier, got {value!r}",
        )
    init = task.get("init")
    _require(
        isinstance(init, dict) and all(_IDENTIFIER.match(str(name)) for name in init),
        f"task {task_id}: init must map argument names to values, got {init!r}",
    )

    args = task.get("args")
    _require(
        isinstance(args, list)
        and all(isinstance(name, str) and _INPUT_NAME.match(name) for name in args),
        f"task {task_id}: args must be a list of .npy file names in the inputs folder, "
        f"got {args!r}",
    )

    steps = task.get("then", [])
    _require(isinstance(steps, list), f"task {task_id}: then must be a list, got {steps!r}")
    saved_names = set()
    for position, step in enumerate(steps):
        where_step = f"task {task_id}: then[{position}]"
        _require(isinstance(step, dict), f"{where_step} must be an object, got {step!r}")
        for key in ("method", "save"):
            value = step.get(key)
            _require(
                isinstance(value, str) and bool(_IDENTIFIER.match(value)),
                f"{where_step}.{key} must be a Python identifier, got {value!r}",
            )
        step_args = step.get("args")
        _require(
            isinstance(step_args, list)
            and all(
                isinstance(name, str)
                and (bool(_INPUT_NAME.match(name)) or name[1:] in saved_names and name[0] == "$")
                for name in step_args
            ),
            f"{where_step}.args must list .npy input names or $name of an earlier step's result, "
            f"got {step_args!r}",
        )
        saved_names.add(step["save"])

    driver = task.get("driver")
    _require(
        driver is None or (isinstance(driver, str) and bool(_IDENTIFIER.match(driver))),
        f"task {task_id}: driver must be a Python identifier, got {driver!r}",
    )
    _require(
        isinstance(task.get("driver_params", {}), dict),
        f"task {task_id}: driver_params must be an object, got {task.get('driver_params')!r}",
    )

    outputs = task.get("outputs")
    _require(
        isinstance(outputs, dict) and len(outputs) > 0,
        f"task {task_id}: outputs must be a non-empty object, got {outputs!r}",
    )
    for name, spec in outputs.items():
        _require(
            bool(_IDENTIFIER.match(name)),
            f"task {task_id}: output name must be a Python identifier, got {name!r}",
        )
        _require(
            isinstance(spec, dict) and isinstance(spec.get("optional"), bool),
            f"task {task_id}: outputs.{name} must be {{\"optional\": true|false}}, got {spec!r}",
        )


def load_task_file(path: str) -> Dict[str, Any]:
    """Read and validate tasks.json; raise TaskFileError naming the invalid field."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as error:
        raise TaskFileError(f"cannot read task file {path}: {error}") from error

    _require(isinstance(data, dict), f"{path} must contain a JSON object")
    _require(
        data.get("protocol") == PROTOCOL_VERSION,
        f"{path} has protocol {data.get('protocol')!r}, but this harness implements "
        f"protocol {PROTOCOL_VERSION}; deploy the harness that matches the worker",
    )
    module = data.get("module")
    _require(
        isinstance(module, str) and bool(_IDENTIFIER.match(module)),
        f"{path}: module must be a Python identifier, got {module!r}",
    )
    tasks = data.get("tasks")
    _require(isinstance(tasks, list), f"{path}: tasks must be a list, got {tasks!r}")
    for index, task in enumerate(tasks):
        _validate_task(task, index)
    task_ids = [task["id"] for task in tasks]
    _require(len(set(task_ids)) == len(task_ids), f"{path}: task ids are not unique: {task_ids}")
    return data


class ResultFile:
    """The ``result.json`` document, rewritten atomically after every change."""

    def __init__(self, out_dir: str) -> None:
        self.path = os.path.join(out_dir, "result.json")
        self._temporary_path = os.path.join(out_dir, ".result.json.tmp")
        self.tasks: List[Dict[str, Any]] = []
        # Until the import finishes, import.ok is false with no error. A run killed in that state
        # was stopped in the student's module-level code.
        self.import_record: Dict[str, Any] = {"ok": False, "seconds": 0.0}
        self.running: Optional[str] = None
        self.finished = False

    def document(self) -> Dict[str, Any]:
        result: Dict[str, Any] = {
            "protocol": PROTOCOL_VERSION,
            "python": platform.python_version(),
            "numpy": np.__version__,
            "import": self.import_record,
            "tasks": self.tasks,
            "finished": self.finished,
        }
        if self.running is not None and not self.finished:
            result["running"] = self.running
        return result

    def write(self) -> None:
        """Replace result.json by rename, so a reader never sees a half-written file."""
        text = json.dumps(self.document(), indent=2, allow_nan=False)
        # Student code shares /out and may leave a link at the temporary name; it is never followed.
        try:
            os.unlink(self._temporary_path)
        except FileNotFoundError:
            pass
        descriptor = os.open(
            self._temporary_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600
        )
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.write("\n")
        os.replace(self._temporary_path, self.path)
