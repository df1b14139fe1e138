"""Import the student's module and run the tasks of ``tasks.json`` against it.

Exit status: 0 when every task was attempted and ``result.json`` contains ``finished: true``,
whatever the student's code did. A non-zero status means the harness itself failed (invalid
tasks.json, ``/out`` not writable), and the worker treats that as an infrastructure fault.
"""

import argparse
import contextlib
import errno
import importlib
import importlib.abc
import importlib.util
import inspect
import io
import logging
import os
import sys
import tempfile
import time
from types import ModuleType
from typing import Any, Dict, Iterator, List, Optional, Sequence

import numpy as np

from dmlg_harness.errors import (
    StudentError,
    SubmissionPaths,
    describe_exception,
    harness_error,
    has_submission_frame,
    student_error,
)
from dmlg_harness.protocol import ResultFile, TaskFileError, load_task_file

logger = logging.getLogger("dmlg_harness")

# dtype kinds accepted as outputs: bool, signed and unsigned integers, floats.
_NUMERIC_KINDS = "biuf"
_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
# The harness's own process id. A process that student code forked returns through the harness's
# frames with another id, and must end there instead of running the harness a second time.
_HARNESS_PID = os.getpid()
# Logged before the student's module is imported. The worker reads a missing or invalid
# result.json after this line as the submission's doing (it removed or overwrote the file).
STARTED_MARKER = "dmlg_harness: started"


def disabled_breakpoint(*_args: Any, **_kwargs: Any) -> None:
    """Raise instead of starting a debugger, because the sandbox has no terminal to type into."""
    raise RuntimeError(
        "breakpoint() was called, but the grader runs without a terminal, so the debugger "
        "would wait forever; remove breakpoint() calls before submitting"
    )


@contextlib.contextmanager
def student_output() -> Iterator[None]:
    """Send the student's print() output to stderr while their code runs.

    ``main`` also points file descriptor 1 at stderr, so output written below the Python level
    (C extensions, os.write(1, ...)) ends up there as well.
    """
    saved_stdout = sys.stdout
    sys.stdout = sys.stderr
    try:
        yield
    finally:
        _end_forked_child()
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        sys.stdout = saved_stdout


def _end_forked_child() -> None:
    """End a process forked by student code (a fork bomb's child) when it returns to the harness."""
    if os.getpid() != _HARNESS_PID:
        os._exit(0)


def _cpu_limit() -> int:
    try:
        return max(1, int(os.environ.get("DMLG_LIMIT_CPUS", "1")))
    except ValueError:
        return 1


class _TorchThreadCap(importlib.abc.MetaPathFinder):
    """Caps ``torch.set_num_threads`` at the sandbox's CPU limit once torch is imported.

    More threads than CPUs only contend for the CPU quota and slow the run down; the cap is
    applied without importing torch (over a second) for submissions that never use it.
    """

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != "torch":
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec("torch")
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original_exec = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            original_exec(module)
            _cap_torch_threads(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _cap_torch_threads(torch: ModuleType) -> None:
    limit = _cpu_limit()
    original = getattr(torch, "set_num_threads", None)
    if original is None:
        return

    def set_num_threads(count: int) -> None:
        if count > limit:
            logger.info(
                "torch.set_num_threads(%s) capped at the sandbox's CPU limit of %s (limits.cpus)",
                count,
                limit,
            )
        original(min(int(count), limit))

    torch.set_num_threads = set_num_threads
    with contextlib.suppress(Exception):
        original(limit)


def prepare_process(submission_dir: str, work_dir: str) -> None:
    """Set up sys.path, the working directory and environment before any student code runs."""
    os.environ["MPLBACKEND"] = "Agg"
    # Libraries that cache under $HOME (matplotlib, torch) need a writable place, and the sandbox
    # root is read-only.
    os.environ.setdefault("MPLCONFIGDIR", os.path.join(work_dir, "matplotlib"))
    os.environ.setdefault("XDG_CACHE_HOME", os.path.join(work_dir, "cache"))
    # The default sys.breakpointhook reads PYTHONBREAKPOINT at every call, and child processes
    # inherit it, so breakpoint() raises even if the student restores sys.__breakpointhook__.
    os.environ["PYTHONBREAKPOINT"] = "dmlg_harness.runner.disabled_breakpoint"
    sys.breakpointhook = disabled_breakpoint
    # The submission folder is mounted read-only; writing __pycache__ there would only fail.
    sys.dont_write_bytecode = True
    # input() and pdb get end-of-file at once instead of waiting for a terminal.
    sys.stdin = io.StringIO("")
    sys.meta_path.insert(0, _TorchThreadCap())

    os.chdir(work_dir)
    sys.path.insert(0, submission_dir)


def _missing_module_error(module_name: str, submission_dir: str) -> StudentError:
    try:
        found = sorted(name for name in os.listdir(submission_dir) if name.endswith(".py"))
    except OSError:
        found = []
    listing = ", ".join(found[:10]) if found else "no .py files"
    return StudentError(
        "ModuleNotFoundError",
        f"the submission has no {module_name}.py (found: {listing}); "
        f"name your file {module_name}.py and submit it again",
    )


def import_submission(
    module_name: str, submission_dir: str, paths: SubmissionPaths, results: ResultFile
) -> Optional[ModuleType]:
    """Import the student's module and record the outcome in ``results.import_record``."""
    started = time.perf_counter()
    module: Optional[ModuleType] = None
    has_file = os.path.isfile(os.path.join(submission_dir, f"{module_name}.py"))
    has_package = os.path.isfile(os.path.join(submission_dir, module_name, "__init__.py"))

    if not (has_file or has_package):
        error: Optional[Dict[str, Any]] = student_error(
            _missing_module_error(module_name, submission_dir), paths
        )
    else:
        try:
            with student_output():
                module = importlib.import_module(module_name)
            error = None
        except BaseException as caught:  # noqa: B036 - SystemExit from student code included.
            message = None
            if isinstance(caught, ModuleNotFoundError) and caught.name != module_name:
                message = (
                    f"{describe_exception(caught)}; the grading sandbox has no such module, so "
                    "use only the packages that the assignment README lists and submit your "
                    "own helper modules together with the main file"
                )
            error = student_error(caught, paths, message)

    seconds = round(time.perf_counter() - started, 6)
    results.import_record = {"ok": error is None, "seconds": seconds}
    if error is not None:
        results.import_record["error"] = error
        logger.info("import of %s failed: %s: %s", module_name, error["type"], error["message"])
    else:
        logger.info("imported %s in %.3f s", module_name, results.import_record["seconds"])
    return module


def _argument_name(input_file: str) -> str:
    """Return the parameter name of an input file: ``digits.X.npy`` is the array ``X``."""
    parts = input_file.split(".")
    return parts[-2] if len(parts) >= 3 else parts[0]


def _check_signature(callable_object: Any, expected: str, *args: Any, **kwargs: Any) -> None:
    """Raise StudentError(TypeError) if ``callable_object`` cannot accept the documented call."""
    try:
        signature = inspect.signature(callable_object)
    except (TypeError, ValueError):
        return  # Built-ins without a signature; the call itself will tell.
    try:
        signature.bind(*args, **kwargs)
    except TypeError as error:
        raise StudentError(
            "TypeError",
            f"{expected} cannot be called on your code, whose signature is {signature}: {error}; "
            f"the assignment asks for {expected}",
        ) from None


def _call_student(
    function: Any, expected: str, paths: SubmissionPaths, *args: Any, **kwargs: Any
) -> Any:
    """Call student code; a TypeError raised by the call itself becomes a signature error."""
    try:
        with student_output():
            return function(*args, **kwargs)
    except TypeError as error:
        if has_submission_frame(error, paths):
            raise
        raise StudentError(
            "TypeError",
            f"calling {expected} failed: {describe_exception(error)}; "
            f"the assignment asks for {expected}",
        ) from error


def _convert_output(value: Any, class_name: str, attribute: str) -> np.ndarray:
    target = f"{class_name}.{attribute}"
    try:
        with student_output():
            array = np.asarray(value)
    except Exception as error:
        raise StudentError(
            "InvalidOutput",
            f"{target} cannot be converted to a numpy array: {describe_exception(error)}; "
            f"set {attribute} to a numeric numpy array",
        ) from error
    if array.dtype.kind not in _NUMERIC_KINDS:
        raise StudentError(
            "InvalidOutput",
            f"{target} has dtype {array.dtype} (from a {type(value).__name__}); the grader "
            f"needs a numeric numpy array, so set {attribute} to an array of ints or floats",
        )
    return array


def _save_output(array: np.ndarray, path: str, target: str) -> None:
    try:
        # Student code may have put a link or a folder at this name; it is replaced, never followed.
        if os.path.islink(path) or os.path.isfile(path):
            os.unlink(path)
        np.save(path, array, allow_pickle=False)
    except OSError as error:
        if error.errno in _DISK_FULL_ERRNOS:
            raise StudentError(
                "OutputTooLarge",
                f"{target} has shape {array.shape} ({array.nbytes} bytes), more than the "
                "output size limit allows; check that it has the documented shape",
            ) from error
        # The harness wrote result.json to the same folder before the student's code ran, so
        # a folder that fails now was changed by that code (chmod, a link, a folder in the way).
        raise StudentError(
            "OutputFolderChanged",
            f"saving {target} to {os.path.basename(path)} failed: {error.strerror}; "
            "do not change, remove or write files in the grader's output folder",
        ) from error


class _HarnessFault(Exception):
    """A failure of the grader during a task (inputs missing, /out not writable)."""

    def __init__(self, context: str, error: BaseException) -> None:
        super().__init__(context)
        self.context = context
        self.error = error


def _run_student_part(
    module: ModuleType,
    module_name: str,
    task: Dict[str, Any],
    inputs: List[np.ndarray],
    inputs_dir: str,
    out_dir: str,
    paths: SubmissionPaths,
    saved: Dict[str, str],
) -> None:
    """Construct the class, call the method and its ``then`` steps, save outputs into ``saved``."""
    class_name = task["class"]
    method_name = task["method"]
    init = task["init"]
    init_names = ", ".join(init)
    call_names = ", ".join(_argument_name(name) for name in task["args"])
    expected_init = f"{class_name}({init_names})"
    expected_call = f"{class_name}.{method_name}({call_names})"

    with student_output():
        cls = getattr(module, class_name, None)
    if cls is None:
        raise StudentError(
            "MissingName",
            f"{module_name}.py defines no class {class_name}; "
            f"the assignment asks for {expected_init}",
        )
    if not callable(cls):
        raise StudentError(
            "MissingName",
            f"{module_name}.{class_name} is a {type(cls).__name__}, not a class; "
            f"the assignment asks for {expected_init}",
        )

    _check_signature(cls, expected_init, **init)
    instance = _call_student(cls, expected_init, paths, **init)

    with student_output():
        method = getattr(instance, method_name, None)
    if method is None or not callable(method):
        raise StudentError(
            "MissingName",
            f"{class_name} has no method {method_name}; the assignment asks for {expected_call}",
        )
    _check_signature(method, expected_call, *inputs)
    _call_student(method, expected_call, paths, *inputs)

    results = _run_steps(instance, class_name, task, inputs_dir, paths)
    for attribute, spec in task["outputs"].items():
        if attribute in results:
            _save_named_output(results[attribute], class_name, attribute, task, out_dir, saved)
            continue
        try:
            with student_output():
                value = getattr(instance, attribute)
        except AttributeError as error:
            if has_submission_frame(error, paths):
                raise  # A property of the student's that failed inside their own code.
            if spec["optional"]:
                continue
            raise StudentError(
                "MissingAttribute",
                f"{expected_call} returned without setting self.{attribute}; "
                f"the assignment asks {method_name} to set {attribute}",
            ) from None

        _save_named_output(value, class_name, attribute, task, out_dir, saved)


def _save_named_output(
    value: Any, class_name: str, attribute: str, task: Dict[str, Any], out_dir: str, saved: Dict[str, str]
) -> None:
    array = _convert_output(value, class_name, attribute)
    file_name = f"{task['id']}.{attribute}.npy"
    _save_output(array, os.path.join(out_dir, file_name), f"{class_name}.{attribute}")
    saved[attribute] = file_name


def _run_steps(
    instance: Any, class_name: str, task: Dict[str, Any], inputs_dir: str, paths: SubmissionPaths
) -> Dict[str, Any]:
    """Call the task's ``then`` methods in order; each result is kept under its ``save`` name.

    An argument ``$name`` passes the result of an earlier step, so ``inverse_transform`` can
    receive what ``transform`` returned.
    """
    results: Dict[str, Any] = {}
    for step in task.get("then", []):
        arguments = []
        for name in step["args"]:
            if name.startswith("$"):
                arguments.append(results[name[1:]])
            else:
                try:
                    arguments.append(np.load(os.path.join(inputs_dir, name), allow_pickle=False))
                except (OSError, ValueError) as error:
                    raise _HarnessFault(f"loading the input {name} failed", error) from error
        call_names = ", ".join(
            name[1:] if name.startswith("$") else _argument_name(name) for name in step["args"]
        )
        expected = f"{class_name}.{step['method']}({call_names})"
        with student_output():
            method = getattr(instance, step["method"], None)
        if method is None or not callable(method):
            raise StudentError(
                "MissingName",
                f"{class_name} has no method {step['method']}; the assignment asks for {expected}",
            )
        _check_signature(method, expected, *arguments)
        value = _call_student(method, expected, paths, *arguments)
        if value is None:
            raise StudentError(
                "InvalidOutput",
                f"{expected} returned None; the assignment asks it to return an array",
            )
        results[step["save"]] = value
    return results


def _run_driver(
    module: ModuleType,
    task: Dict[str, Any],
    inputs: List[np.ndarray],
    out_dir: str,
    paths: SubmissionPaths,
    saved: Dict[str, str],
) -> None:
    """Hand the task to an assignment-specific driver that owns the training loop.

    A driver module ``dmlg_harness.drivers.<name>`` defines ``run(module, task, inputs,
    call_student)`` and returns the outputs as a dict of arrays; ``call_student(function,
    expected, *args)`` calls student code with the harness's error handling.
    """
    try:
        driver = importlib.import_module(f"dmlg_harness.drivers.{task['driver']}")
    except ImportError as error:
        raise _HarnessFault(f"driver {task['driver']} is not part of this harness", error) from error

    def call_student(function: Any, expected: str, *args: Any, **kwargs: Any) -> Any:
        return _call_student(function, expected, paths, *args, **kwargs)

    outputs = driver.run(module, task, inputs, call_student)
    for name, spec in task["outputs"].items():
        if name in outputs:
            _save_named_output(outputs[name], task.get("class", task["driver"]), name, task, out_dir, saved)
        elif not spec["optional"]:
            raise _HarnessFault(f"driver {task['driver']} returned no output {name}", KeyError(name))


def run_task(
    module: ModuleType,
    module_name: str,
    task: Dict[str, Any],
    inputs_dir: str,
    out_dir: str,
    paths: SubmissionPaths,
) -> Dict[str, Any]:
    """Run one task and return its ``HarnessTaskResult``; never raises for student faults."""
    saved: Dict[str, str] = {}
    result: Dict[str, Any] = {"id": task["id"], "ok": False, "seconds": 0.0, "outputs": saved}

    try:
        inputs = [
            np.load(os.path.join(inputs_dir, name), allow_pickle=False) for name in task["args"]
        ]
    except (OSError, ValueError) as error:
        result["error"] = harness_error(error, f"loading the inputs {task['args']} failed")
        return result

    started = time.perf_counter()
    try:
        if task.get("driver"):
            _run_driver(module, task, inputs, out_dir, paths, saved)
        else:
            _run_student_part(module, module_name, task, inputs, inputs_dir, out_dir, paths, saved)
        result["ok"] = True
    except _HarnessFault as fault:
        result["error"] = harness_error(fault.error, fault.context)
    except BaseException as error:  # noqa: B036 - SystemExit, KeyboardInterrupt: student errors.
        result["error"] = student_error(error, paths)
    result["seconds"] = round(time.perf_counter() - started, 6)
    return result


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python3 -m dmlg_harness",
        description="Run a student's submission on the tasks of tasks.json and write result.json.",
    )
    parser.add_argument("--tasks", required=True, help="path of tasks.json")
    parser.add_argument("--inputs", required=True, help="folder of the input .npy files")
    parser.add_argument("--submission", required=True, help="folder of the student's files")
    parser.add_argument("--out", required=True, help="folder for result.json and output .npy files")
    parser.add_argument(
        "--workdir",
        default=tempfile.gettempdir(),
        help="working directory of the student's code (default: the system temp folder)",
    )
    return parser.parse_args(argv)


def _redirect_stdout_descriptor() -> None:
    """Point file descriptor 1 at stderr so nothing the student writes reaches stdout."""
    sys.stdout.flush()
    os.dup2(2, 1)


def main(argv: Sequence[str]) -> int:
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="dmlg_harness: %(message)s")
    arguments = parse_arguments(argv)
    _redirect_stdout_descriptor()

    try:
        task_file = load_task_file(arguments.tasks)
    except TaskFileError as error:
        logger.error("%s", error)
        return 2

    submission_dir = os.path.realpath(arguments.submission)
    inputs_dir = os.path.realpath(arguments.inputs)
    out_dir = os.path.realpath(arguments.out)
    work_dir = os.path.realpath(arguments.workdir)
    paths = SubmissionPaths(submission_dir)
    results = ResultFile(out_dir)
    try:
        results.write()
    except OSError as error:
        logger.error(
            "cannot write %s: %s; check that --out is a writable folder", results.path, error
        )
        return 3

    prepare_process(submission_dir, work_dir)
    module_name = task_file["module"]
    # Argument parsing at import time (argparse, sys.argv[1]) sees a plain `python kmeans.py`.
    sys.argv = [os.path.join(submission_dir, f"{module_name}.py")]
    logger.info("%s, importing %s", STARTED_MARKER[len("dmlg_harness: ") :], module_name)
    module = import_submission(module_name, submission_dir, paths, results)
    if module is not None:
        for task in task_file["tasks"]:
            results.running = task["id"]
            results.write()
            try:
                task_result = run_task(module, module_name, task, inputs_dir, out_dir, paths)
            except Exception as error:  # A harness bug; record it and carry on with the next task.
                task_result = {
                    "id": task["id"],
                    "ok": False,
                    "seconds": 0.0,
                    "outputs": {},
                    "error": harness_error(error, "the harness failed while running the task"),
                }
            results.tasks.append(task_result)
            status = "ok" if task_result["ok"] else f"failed ({task_result['error']['type']})"
            logger.info("task %s %s in %.3f s", task["id"], status, task_result["seconds"])

    results.running = None
    results.finished = True
    results.write()
    return 0
