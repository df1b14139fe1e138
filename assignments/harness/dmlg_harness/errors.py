"""Conversion of exceptions into the protocol's ``HarnessError`` objects.

A traceback shown to a student keeps the frames of the submission and of the libraries it called,
and drops the harness's own frames and importlib's frozen frames, which only add noise.
"""

import errno
import importlib
import os
import socket
import traceback
from typing import Any, Dict, List, Optional, Tuple

TRACEBACK_MAX_CHARS = 4000
MESSAGE_MAX_CHARS = 2000

_HARNESS_DIR = os.path.dirname(os.path.realpath(__file__))
# importlib.import_module's own frame sits between the harness and the student's module.
_IMPORTLIB_DIR = os.path.dirname(os.path.realpath(importlib.__file__))


class StudentError(Exception):
    """A broken interface detected by the harness, such as a missing class or attribute.

    ``error_type`` becomes the protocol's ``type`` field (``MissingName``, ``MissingAttribute``,
    ``InvalidOutput``, ``TypeError``).
    """

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message


def _is_inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([os.path.realpath(path), folder]) == folder
    except ValueError:
        # commonpath raises ValueError for a mix of absolute and relative paths.
        return False


class SubmissionPaths:
    """Resolves file names in tracebacks against the submission folder."""

    def __init__(self, submission_dir: str) -> None:
        self.root = os.path.realpath(submission_dir)

    def contains(self, path: Optional[str]) -> bool:
        return bool(path) and _is_inside(path, self.root)

    def relative(self, path: str) -> str:
        """Return ``path`` relative to the submission folder, with forward slashes."""
        return os.path.relpath(os.path.realpath(path), self.root).replace(os.sep, "/")


def _is_hidden_frame(filename: str) -> bool:
    return (
        filename.startswith("<frozen ")
        or _is_inside(filename, _HARNESS_DIR)
        or _is_inside(filename, _IMPORTLIB_DIR)
    )


def _filter_stacks(
    exception_info: traceback.TracebackException, paths: SubmissionPaths, seen: set
) -> None:
    """Drop harness frames in place and shorten submission file names, following chained causes."""
    if id(exception_info) in seen:
        return
    seen.add(id(exception_info))

    visible_frames: List[traceback.FrameSummary] = []
    for frame in exception_info.stack:
        if _is_hidden_frame(frame.filename):
            continue
        if paths.contains(frame.filename):
            frame.filename = paths.relative(frame.filename)
        visible_frames.append(frame)
    exception_info.stack = traceback.StackSummary.from_list(visible_frames)

    # Only a SyntaxError has a file name of its own, printed in its "File ..., line N" header.
    syntax_filename = getattr(exception_info, "filename", None)
    if isinstance(syntax_filename, str) and paths.contains(syntax_filename):
        exception_info.filename = paths.relative(syntax_filename)

    for chained in (exception_info.__cause__, exception_info.__context__):
        if chained is not None:
            _filter_stacks(chained, paths, seen)


def format_student_traceback(error: BaseException, paths: SubmissionPaths) -> str:
    """Format ``error`` without harness frames, keeping the last 4,000 characters."""
    exception_info = traceback.TracebackException.from_exception(error)
    _filter_stacks(exception_info, paths, set())
    text = "".join(exception_info.format())
    if len(text) > TRACEBACK_MAX_CHARS:
        marker = "[traceback truncated]\n"
        text = marker + text[-(TRACEBACK_MAX_CHARS - len(marker)) :]
    return text


def locate_in_submission(
    error: BaseException, paths: SubmissionPaths
) -> Tuple[Optional[str], Optional[int]]:
    """Return the student file and 1-based line where ``error`` happened, or ``(None, None)``.

    A SyntaxError points at the line the parser rejected. Any other exception points at the
    innermost traceback frame inside the submission folder.
    """
    if isinstance(error, SyntaxError) and error.filename and paths.contains(error.filename):
        return notebook_location(paths, error.filename, error.lineno)

    location: Tuple[Optional[str], Optional[int]] = (None, None)
    for frame in traceback.extract_tb(error.__traceback__):
        if paths.contains(frame.filename):
            location = notebook_location(paths, frame.filename, frame.lineno)
    return location


# Written by the API when it reduces a notebook to a module (apps/api/src/submissions/notebook-code.ts).
NOTEBOOK_HEADER = "# dmlg: converted from notebook "
NOTEBOOK_CELL_MARKER = "# dmlg: cell "


def notebook_location(
    paths: SubmissionPaths, filename: str, line: Optional[int]
) -> Tuple[str, Optional[int]]:
    """Map a line of a module made from a notebook to ``("kmeans.ipynb cell 3", line in cell)``.

    Any other file, or a line before the first cell, keeps its own name and line.
    """
    relative = paths.relative(filename)
    if line is None:
        return relative, line
    try:
        with open(filename, encoding="utf-8") as handle:
            lines = handle.read().split("\n")
    except (OSError, UnicodeDecodeError):
        return relative, line
    if not lines or not lines[0].startswith(NOTEBOOK_HEADER):
        return relative, line
    notebook = lines[0][len(NOTEBOOK_HEADER) :].strip()
    for index in range(min(line, len(lines)) - 1, 0, -1):
        if lines[index].startswith(NOTEBOOK_CELL_MARKER):
            cell = lines[index][len(NOTEBOOK_CELL_MARKER) :].strip()
            return f"{notebook} cell {cell}", line - index - 1
    return relative, line


def has_submission_frame(error: BaseException, paths: SubmissionPaths) -> bool:
    return locate_in_submission(error, paths)[0] is not None


_NETWORK_ERRNOS = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ECONNREFUSED, errno.ENETDOWN}
_READ_ONLY_ERRNOS = {errno.EROFS}


def _causes(error: BaseException) -> List[BaseException]:
    """The exception and its chained causes, innermost last, each once."""
    chain: List[BaseException] = []
    current: Optional[BaseException] = error
    while current is not None and current not in chain and len(chain) < 20:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _limit(name: str) -> str:
    return os.environ.get(name, "?")


def sandbox_hint(error: BaseException) -> Optional[str]:
    """Explain an error that the sandbox's limits caused, naming the limit; None for other errors.

    The limits reach the harness as DMLG_LIMIT_* variables (libs/grading/src/run/run-harness.ts).
    """
    for cause in _causes(error):
        text = str(cause) if not isinstance(cause, SystemExit) else ""
        reason = getattr(cause, "reason", None)  # urllib.error.URLError wraps the socket error.
        if isinstance(reason, BaseException):
            cause = reason
        if isinstance(cause, socket.gaierror) or (
            isinstance(cause, OSError) and cause.errno in _NETWORK_ERRNOS
        ):
            return (
                "the grading sandbox has no network, so downloads and connections fail; "
                "use only the arrays the grader passes to your code and ship any data you need "
                "with the submission"
            )
        if "CUDA" in text or "NVIDIA driver" in text:
            return (
                "this grading worker has no GPU; choose the device with "
                "torch.device('cuda' if torch.cuda.is_available() else 'cpu') instead of calling "
                ".cuda() unconditionally"
            )
        if isinstance(cause, RuntimeError) and "can't start new thread" in text:
            return (
                f"the sandbox allows at most {_limit('DMLG_LIMIT_PIDS')} processes and threads "
                "(limits.pids); start fewer threads"
            )
        # fork() and clone() fail with EAGAIN at the cgroup's pids limit.
        if isinstance(cause, OSError) and cause.errno == errno.EAGAIN:
            return (
                f"the sandbox allows at most {_limit('DMLG_LIMIT_PIDS')} processes and threads "
                "(limits.pids); start fewer processes"
            )
        if isinstance(cause, OSError) and cause.errno == errno.ENOSPC:
            return (
                f"/tmp holds at most {_limit('DMLG_LIMIT_TMPFS_MB')} MB (limits.tmpfs_mb); "
                "write less, or keep the data in memory"
            )
        if isinstance(cause, PermissionError) and cause.filename:
            path = os.fsdecode(cause.filename)
            if os.path.exists(path) and not os.access(path, os.R_OK):
                return (
                    f"the sandbox runs your code as an unprivileged user that cannot read {path}; "
                    "use only the data the grader passes to your code"
                )
            # Readable but refused: a write. Read-only mounts report EACCES before EROFS.
            return (
                "the sandbox's file system is read-only except /tmp; write temporary files "
                "under /tmp (tempfile.mkdtemp()) and return results from your methods"
            )
        if isinstance(cause, OSError) and cause.errno in _READ_ONLY_ERRNOS:
            return (
                "the sandbox's file system is read-only except /tmp; write temporary files "
                "under /tmp (tempfile.mkdtemp()) and return results from your methods"
            )
    return None


def describe_exception(error: BaseException) -> str:
    """Return the exception's message, or a readable stand-in when it has none, with a hint
    when a sandbox limit caused it."""
    message = _plain_message(error)
    hint = sandbox_hint(error)
    return f"{message}; {hint}" if hint else message


def _plain_message(error: BaseException) -> str:
    if isinstance(error, SystemExit):
        return (
            f"the submission called sys.exit({error.code!r}); the grader needs the call to "
            "return normally, so remove sys.exit() and exit() from the module"
        )
    if isinstance(error, KeyboardInterrupt):
        return "the submission raised KeyboardInterrupt; remove the raise or the signal it sends"
    try:
        message = str(error)
    except Exception:  # A student exception class may define a __str__ that raises.
        message = ""
    if not message:
        return type(error).__name__
    if len(message) > MESSAGE_MAX_CHARS:
        return message[:MESSAGE_MAX_CHARS] + " [message truncated]"
    return message


def student_error(
    error: BaseException, paths: SubmissionPaths, message: Optional[str] = None
) -> Dict[str, Any]:
    """Build a ``HarnessError`` of kind ``student`` from an exception."""
    if isinstance(error, StudentError):
        result: Dict[str, Any] = {
            "kind": "student",
            "type": error.error_type,
            "message": error.message,
        }
        # A StudentError raised by the harness has no student frame, but its cause may have one.
        cause = error.__cause__
        if cause is not None:
            file, line = locate_in_submission(cause, paths)
            if file is not None:
                result["file"] = file
                result["line"] = line
            result["traceback"] = format_student_traceback(cause, paths)
        return result

    result = {
        "kind": "student",
        "type": type(error).__name__,
        "message": message if message is not None else describe_exception(error),
    }
    file, line = locate_in_submission(error, paths)
    if file is not None:
        result["file"] = file
        if line is not None:
            result["line"] = line
    result["traceback"] = format_student_traceback(error, paths)
    return result


def harness_error(error: BaseException, context: str) -> Dict[str, Any]:
    """Build a ``HarnessError`` of kind ``harness``; its full traceback is kept for operators."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    if len(text) > TRACEBACK_MAX_CHARS:
        text = text[-TRACEBACK_MAX_CHARS:]
    return {
        "kind": "harness",
        "type": type(error).__name__,
        "message": f"{context}: {describe_exception(error)}",
        "traceback": text,
    }
