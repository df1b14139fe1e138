"""Conversion of exceptions into the protocol's ``HarnessError`` objects.

A traceback shown to a student keeps the frames of the submission and of the libraries it called,
and drops the harness's own frames and importlib's frozen frames, which only add noise.
"""

import importlib
import os
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
        return paths.relative(error.filename), error.lineno

    location: Tuple[Optional[str], Optional[int]] = (None, None)
    for frame in traceback.extract_tb(error.__traceback__):
        if paths.contains(frame.filename):
            location = (paths.relative(frame.filename), frame.lineno)
    return location


def has_submission_frame(error: BaseException, paths: SubmissionPaths) -> bool:
    return locate_in_submission(error, paths)[0] is not None


def describe_exception(error: BaseException) -> str:
    """Return the exception's message, or a readable stand-in when it has none."""
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
